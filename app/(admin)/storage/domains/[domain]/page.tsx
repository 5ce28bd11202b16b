import { PAGES } from "@/lib/auth/access";
import { requireStaffPage } from "@/lib/auth/current-staff";
import { loadPageData } from "@/lib/http/page-data";
import { getDomainStorage } from "@/lib/storage/domains";
import { domainSchema } from "@/lib/storage/inputs";
import { getServerContext } from "@/lib/server/context";
import { DomainView } from "@/components/storage/domain-view";

export const metadata = { title: "Storage by server" };

export default async function DomainStoragePage({ params }: { params: Promise<{ domain: string }> }) {
  if (!(await requireStaffPage(PAGES.storage))) return null;
  const raw = safeDecode((await params).domain);
  const parsed = domainSchema.safeParse(raw);
  if (!parsed.success)
    return <DomainView domain={raw} initial={null} problem={parsed.error.issues[0]?.message ?? "Not a domain."} />;
  const loaded = await loadPageData(() => getDomainStorage(getServerContext(), parsed.data, "30d"));
  return <DomainView domain={parsed.data} initial={loaded.data} problem={loaded.problem} />;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
