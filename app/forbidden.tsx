import Link from "next/link";

/** Shown (with HTTP 403) when a signed-in member's Mastodon role lacks the page's permission. */
export default function Forbidden() {
  return (
    <main className="flex min-h-screen items-center justify-center p-4">
      <div className="max-w-md rounded-xl border border-line bg-surface p-6 text-center shadow-sm">
        <h1 className="text-xl font-bold">You may not see this page</h1>
        <p className="mt-2 text-sm text-muted">
          Your Mastodon role does not include the permission this page needs. An administrator can change roles in
          Mastodon's settings.
        </p>
        <Link href="/" className="mt-4 inline-block rounded-md bg-brand px-4 py-2 text-sm font-semibold text-white">
          Back to the overview
        </Link>
      </div>
    </main>
  );
}
