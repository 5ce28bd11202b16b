/** A titled panel: the building block of every page and overview tile. */
export function Card({
  title,
  action,
  children,
  className = "",
}: {
  title?: string;
  action?: React.ReactNode;
  children: React.ReactNode;
  className?: string;
}) {
  return (
    <section className={`rounded-xl border border-line bg-surface p-4 shadow-sm sm:p-5 ${className}`}>
      {title ? (
        <header className="mb-3 flex items-center justify-between gap-2">
          <h2 className="text-sm font-semibold uppercase tracking-wide text-muted">{title}</h2>
          {action}
        </header>
      ) : null}
      {children}
    </section>
  );
}

/** A big number with a label, for tiles; `counts` (what exactly it counts, lib/shared/figure-labels) on hover. */
export function Figure({
  label,
  value,
  hint,
  counts,
}: {
  label: string;
  value: React.ReactNode;
  hint?: React.ReactNode;
  counts?: string;
}) {
  return (
    <div>
      <div className="text-2xl font-semibold tabular-nums">{value}</div>
      <div className="text-sm text-muted" title={counts}>
        {label}
      </div>
      {hint ? <div className="mt-0.5 text-xs text-muted">{hint}</div> : null}
    </div>
  );
}
