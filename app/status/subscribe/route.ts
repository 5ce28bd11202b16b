import { getServerContext } from "@/lib/server/context";
import { subscribeForm, subscribePost } from "@/lib/status/subscription-routes";

/** Members ask for status updates by e-mail (double opt-in: a confirmation mail first). */
export const dynamic = "force-dynamic";

export function GET(request: Request): Response {
  return subscribeForm(getServerContext(), request);
}

export function POST(request: Request): Promise<Response> {
  return subscribePost(getServerContext(), request);
}
