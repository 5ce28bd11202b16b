import "server-only";
import { HowdahError } from "@/lib/errors";

/**
 * The guard in front of every staff write, against cross-site request
 * forgery. SameSite=Lax cookies alone do not stop a page on another origin
 * of the same site (another port or sub-domain of the instance's domain)
 * from posting with the staff member's session. So a write must:
 * - carry a JSON body (`application/json`): an HTML form cannot send that
 *   type, and a cross-origin fetch that does is preflighted, which Howdah
 *   never answers with permission;
 * - come from Howdah's own origin, by the browser's word: `Sec-Fetch-Site`
 *   is `same-origin` where the browser sends it, else `Origin` is
 *   HOWDAH_URL's. A request with neither comes from no browser (curl, a
 *   script holding the cookie), which forgery cannot produce.
 */
export function assertSameOriginJsonWrite(headers: Headers, publicUrl: string): void {
  const type = headers.get("content-type") ?? "";
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new HowdahError("unsupported_media_type", "Changes are sent as JSON (Content-Type: application/json).");
  }
  const fetchSite = headers.get("sec-fetch-site");
  const origin = headers.get("origin");
  const ownOrigin = new URL(publicUrl).origin;
  if (fetchSite !== null ? fetchSite !== "same-origin" : origin !== null && origin !== ownOrigin) {
    throw new HowdahError(
      "forbidden",
      `This change did not come from Howdah's own pages (${origin ?? fetchSite}); nothing was changed.`,
    );
  }
}
