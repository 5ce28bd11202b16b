import { PAGES } from "@/lib/auth/access";
import { requireStaffPage } from "@/lib/auth/current-staff";
import { loadPageData } from "@/lib/http/page-data";
import { readWhatIfSampleView, whatIfSampleInput } from "@/lib/retention/what-if";
import { getServerContext } from "@/lib/server/context";
import { WhatIfSampleView } from "@/components/retention/what-if-sample";

export const metadata = { title: "What the cleanup would remove" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** A sample of what one what-if figure counts (the oldest rows its predicate selects). */
export default async function WhatIfSamplePage({ searchParams }: { searchParams: SearchParams }) {
  if (!(await requireStaffPage(PAGES.retention))) return null;
  const params = await searchParams;
  const parsed = whatIfSampleInput.safeParse({ figure: one(params.figure), days: one(params.days) });
  if (!parsed.success)
    return <WhatIfSampleView sample={null} problem={parsed.error.issues[0]?.message ?? "Not a figure."} />;
  const loaded = await loadPageData(() => readWhatIfSampleView(getServerContext(), parsed.data));
  return <WhatIfSampleView sample={loaded.data} problem={loaded.problem} />;
}
