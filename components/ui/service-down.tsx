/**
 * Shown in place of a page's content when PostgreSQL or Redis cannot be
 * reached: which one, and why. The page reloads itself, so it recovers when
 * the service does. Inside the shell it is the page's content; before the
 * shell can be drawn (the staff check itself failed), the layout centres it.
 */
export function ServiceDown({ message }: { message: string }) {
  return (
    <div role="alert" className="max-w-md rounded-xl border border-bad/40 bg-surface p-6 shadow-sm">
      <meta httpEquiv="refresh" content="10" />
      <h1 className="text-xl font-bold">Howdah cannot reach a service it needs</h1>
      <p className="mt-2">{message}</p>
      <p className="mt-3 text-sm text-muted">
        This page tries again every 10 seconds and comes back on its own once the service answers.
      </p>
    </div>
  );
}
