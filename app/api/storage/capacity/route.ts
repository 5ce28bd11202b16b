import { clientIp } from "@/lib/http/client-ip";
import { staffRoute } from "@/lib/http/route";
import { capacityInput, setCapacity } from "@/lib/storage/capacity";

export const dynamic = "force-dynamic";

/** Sets (or clears) the disk or bucket capacity the forecast uses; manage_settings, audited. */
export const PUT = staffRoute(
  { access: "manage_settings", input: capacityInput },
  async ({ context, staff, input, request }) =>
    setCapacity(await context.store(), { staff, ip: clientIp(request.headers) }, input),
);
