import { PAGES } from "@/lib/auth/access";
import { requireStaffPage } from "@/lib/auth/current-staff";
import { loadPageData } from "@/lib/http/page-data";
import { listRelays } from "@/lib/relays/list";
import { getRelayTraffic } from "@/lib/relays/traffic";
import { getServerContext } from "@/lib/server/context";
import { RelaysView } from "@/components/relays/relays-view";

export const metadata = { title: "Relays" };

/** Mastodon's relay page needs manage_federation; in limited federation mode the shell's 404 explains its absence. */
export default async function RelaysPage() {
  if (!(await requireStaffPage(PAGES.relays))) return null;
  const context = getServerContext();
  const loaded = await loadPageData(() => Promise.all([listRelays(context), getRelayTraffic(context, "14d")]));
  if (loaded.problem !== null) return <RelaysView problem={loaded.problem} />;
  const [list, traffic] = loaded.data;
  return <RelaysView initialList={list} initialTraffic={traffic} problem={null} />;
}
