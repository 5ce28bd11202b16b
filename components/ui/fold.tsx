"use client";

/**
 * A page section that folds: a card whose heading is the fold's switch
 * (a native <details>, so keyboard and screen readers know it as expandable
 * without script). `id` is where the page's jump list points.
 */
export function Fold({
  id,
  title,
  defaultOpen = true,
  children,
}: {
  id: string;
  title: string;
  defaultOpen?: boolean;
  children: React.ReactNode;
}) {
  return (
    <details
      id={id}
      open={defaultOpen}
      className="group scroll-mt-16 rounded-xl border border-line bg-surface shadow-sm md:scroll-mt-4"
    >
      <summary
        className={
          "flex min-h-11 cursor-pointer list-none items-center justify-between gap-2 rounded-xl px-4 py-2 " +
          "hover:bg-canvas sm:px-5 [&::-webkit-details-marker]:hidden"
        }
      >
        <h2 className="text-sm font-semibold uppercase tracking-wide text-muted">{title}</h2>
        <span aria-hidden className="text-muted transition-transform group-open:rotate-180">
          ▾
        </span>
      </summary>
      <div className="px-4 pb-4 sm:px-5 sm:pb-5">{children}</div>
    </details>
  );
}

/**
 * The jump list at the top of a long page: one link per section, which also
 * opens the section if it was folded.
 */
export function JumpList({ sections }: { sections: { id: string; label: string }[] }) {
  return (
    <nav aria-label="On this page">
      <ul className="flex flex-wrap gap-2 text-sm">
        {sections.map((s) => (
          <li key={s.id}>
            <a
              href={`#${s.id}`}
              onClick={() => {
                const target = document.getElementById(s.id);
                if (target instanceof HTMLDetailsElement) target.open = true;
              }}
              className={
                "inline-flex min-h-11 items-center rounded-full border border-line bg-surface px-3 text-brand " +
                "hover:bg-canvas md:min-h-8"
              }
            >
              {s.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
