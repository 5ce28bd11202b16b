import { HowdahError } from "@/lib/errors";
import { errorResponse } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** An API address no route matches: a JSON 404 like every other API error, not the shell's HTML page. */
function missing(): Response {
  return errorResponse(new HowdahError("not_found", "Howdah has no API at this address."));
}

export { missing as GET, missing as POST, missing as PUT, missing as PATCH, missing as DELETE };
