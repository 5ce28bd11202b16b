import { notFound } from "next/navigation";
import { requireStaffPage } from "@/lib/auth/current-staff";
import { isHowdahError } from "@/lib/errors";
import { describeServiceFailure } from "@/lib/mastodon/service-errors";
import { relaysAvailable } from "@/lib/relays/availability";
import { listRelays } from "@/lib/relays/list";
import { getRelayTraffic } from "@/lib/relays/traffic";
import { getServerContext } from "@/lib/server/context";
import { RelaysView } from "@/components/relays/relays-view";

export const metadata = { title: "Relays" };

/** Mastodon's relay page needs manage_federation, and is hidden in limited federation mode. */
export default async function RelaysPage() {
  await requireStaffPage("manage_federation");
  const context = getServerContext();
  if (!relaysAvailable(context)) notFound();
  try {
    const [list, traffic] = await Promise.all([listRelays(context), getRelayTraffic(context, "14d")]);
    return <RelaysView initialList={list} initialTraffic={traffic} problem={null} />;
  } catch (error) {
    return <RelaysView problem={isHowdahError(error) ? error.message : describeServiceFailure(error)} />;
  }
}
