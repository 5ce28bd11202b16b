import Link from "next/link";
import { describeRule, pageForPath } from "@/lib/auth/access";
import { requestPath } from "@/lib/http/request-path";

/**
 * The shell's 403 (forbidden() from requireStaffPage): a signed-in staff
 * member whose Mastodon role lacks what the page needs, named from the same
 * rule the page checked (lib/auth/access.ts).
 */
export default async function Forbidden() {
  const page = pageForPath(await requestPath());
  return (
    <div className="max-w-xl space-y-3">
      <h1 className="text-2xl font-bold">You may not see this page</h1>
      <p>
        {page
          ? `The ${page.label} page needs ${describeRule(page.rule)}, which your Mastodon role does not include.`
          : "Your Mastodon role does not include the permission this page needs."}{" "}
        An administrator can change roles in Mastodon&apos;s settings (Administration → Roles).
      </p>
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
