import { PAGES } from "@/lib/auth/access";
import { clientIp } from "@/lib/http/client-ip";
import { staffRoute } from "@/lib/http/route";
import { readRetentionSettings, saveRetentionInput, saveRetentionSettings } from "@/lib/retention/settings";

export const dynamic = "force-dynamic";

/** Mastodon's three retention settings, as its content retention page (manage_settings). */
export const GET = staffRoute({ access: PAGES.retention }, async ({ context }) => ({
  settings: await readRetentionSettings(context),
}));

/** Save one or more of them, all or none; a value changed since the page loaded is refused. */
export const POST = staffRoute(
  { access: PAGES.retention, input: saveRetentionInput },
  ({ context, staff, input, request }) =>
    saveRetentionSettings(context, { staff, ip: clientIp(request.headers) }, input),
);
