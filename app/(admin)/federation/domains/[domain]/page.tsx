import { PAGES } from "@/lib/auth/access";
import { requireStaffPage } from "@/lib/auth/current-staff";
import { getDomainDossier } from "@/lib/federation/dossier";
import { loadPageData } from "@/lib/http/page-data";
import { getServerContext } from "@/lib/server/context";
import { domainSchema } from "@/lib/storage/inputs";
import { DossierView } from "@/components/federation/dossier-view";

export const metadata = { title: "Remote server" };

/**
 * One remote server. Its figures are the storage page's (view_dashboard, the
 * rule of the storage domain page this replaces); its blocks, their history
 * and the block form need manage_federation, as Mastodon's block pages do.
 */
export default async function DomainDossierPage({ params }: { params: Promise<{ domain: string }> }) {
  const staff = await requireStaffPage(PAGES.storage);
  if (!staff) return null;
  const raw = safeDecode((await params).domain);
  const parsed = domainSchema.safeParse(raw);
  const canManage = staff.permissions.can("manage_federation");
  if (!parsed.success)
    return (
      <DossierView
        domain={raw}
        dossier={null}
        canManage={canManage}
        problem={parsed.error.issues[0]?.message ?? "Not a domain."}
      />
    );
  const loaded = await loadPageData(() => getDomainDossier(getServerContext(), parsed.data, { canManage }));
  return <DossierView domain={parsed.data} dossier={loaded.data} canManage={canManage} problem={loaded.problem} />;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
