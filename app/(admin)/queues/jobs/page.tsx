import { allows, PAGES, RULES } from "@/lib/auth/access";
import { requireStaffPage } from "@/lib/auth/current-staff";
import { JobsView } from "@/components/queues/jobs-view";

export const metadata = { title: "Queue jobs" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";

/** Jobs of a queue or set. The API validates the source and offset; the view shows its message. */
export default async function QueueJobsPage({ searchParams }: { searchParams: SearchParams }) {
  const staff = await requireStaffPage(PAGES.queues);
  if (!staff) return null;
  const params = await searchParams;
  const offset = Number.parseInt(one(params.offset), 10);
  return (
    <JobsView
      source={one(params.source) || "retry"}
      className={one(params.class)}
      search={one(params.q).slice(0, 200)}
      offset={Number.isFinite(offset) && offset > 0 ? offset : 0}
      canViewJobs={allows(RULES.viewJobs, staff.permissions)}
      canManage={allows(RULES.manageJobs, staff.permissions)}
    />
  );
}
