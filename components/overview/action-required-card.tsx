import { Card } from "@/components/ui/card";
import type { ActionItem } from "@/lib/overview/action-required";

/**
 * What waits for staff, as Mastodon's dashboard lists it: each line links to
 * where it is handled (Howdah's report queue, or Mastodon's own admin). Items at zero stay listed (as
 * on Mastodon's dashboard) but quieter, so a glance finds the ones that count.
 */
export function ActionRequiredCard({ items, problem }: { items: ActionItem[] | null; problem: string | null }) {
  const waiting = items?.filter((i) => i.count > 0).length ?? 0;
  return (
    <Card title="Action required">
      {problem ? <p className="text-sm text-muted">{problem}</p> : null}
      {items ? (
        <>
          <ul className="divide-y divide-line" aria-label="Action required">
            {items.map((item) => (
              <li key={item.key}>
                <a
                  href={item.href}
                  className={`flex min-h-11 items-center justify-between gap-2 py-2 text-sm hover:underline ${
                    item.count > 0 ? "font-semibold text-brand" : "text-muted"
                  }`}
                >
                  <span>{item.label}</span>
                  <span aria-hidden>›</span>
                  {item.where === "mastodon" ? <span className="sr-only"> (on Mastodon)</span> : null}
                </a>
              </li>
            ))}
          </ul>
          <p className="mt-2 text-xs text-muted">
            {waiting === 0
              ? "Nothing is waiting."
              : items.every((i) => i.where === "mastodon")
                ? "Handled in Mastodon's own admin."
                : "Reports are handled here; the rest in Mastodon's own admin."}
          </p>
        </>
      ) : null}
    </Card>
  );
}
