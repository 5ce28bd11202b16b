import { PAGES } from "@/lib/auth/access";
import { requireStaffPage } from "@/lib/auth/current-staff";
import { listBlocksInput, listDomainBlocks } from "@/lib/federation/blocks";
import { loadPageData } from "@/lib/http/page-data";
import { getServerContext } from "@/lib/server/context";
import { DomainBlocksView } from "@/components/federation/domain-blocks-view";

export const metadata = { title: "Domain blocks" };

/** Mastodon's domain blocks need manage_federation. */
export default async function DomainBlocksPage() {
  if (!(await requireStaffPage(PAGES.federation))) return null;
  const context = getServerContext();
  const loaded = await loadPageData(() => listDomainBlocks(context, listBlocksInput.parse({ limit: "50" })));
  return <DomainBlocksView initial={loaded.data ?? undefined} problem={loaded.problem} />;
}
