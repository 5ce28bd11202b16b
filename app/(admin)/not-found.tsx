import Link from "next/link";
import { absentPages, instanceConditions } from "@/lib/auth/access";
import { getServerContext } from "@/lib/server/context";

/**
 * The shell's 404: an unknown address (app/(admin)/[...missing]), a record
 * that is gone, or a page this instance does not have (Relays in limited
 * federation mode), which it explains.
 */
export default function NotFound() {
  const absent = absentPages(instanceConditions(getServerContext().config));
  return (
    <div className="max-w-xl space-y-3">
      <h1 className="text-2xl font-bold">Page not found</h1>
      <p>Howdah has no page at this address.</p>
      {absent.map((page) => (
        <section key={page.label} className="space-y-1">
          <h2 className="font-semibold">{page.label} is not available on this server</h2>
          <p>{page.explanation}</p>
        </section>
      ))}
      <Link
        href="/"
        className={
          "inline-flex min-h-11 items-center rounded-md bg-brand px-4 text-sm font-semibold text-on-brand md:min-h-9"
        }
      >
        Back to the overview
      </Link>
    </div>
  );
}
