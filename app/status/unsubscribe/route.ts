import { getServerContext } from "@/lib/server/context";
import { unsubscribeForm, unsubscribePost } from "@/lib/status/subscription-routes";

/** Unsubscribing: the link in every mail, and the one-click POST mail clients send (RFC 8058). */
export const dynamic = "force-dynamic";

export function GET(request: Request): Response {
  return unsubscribeForm(getServerContext(), request);
}

export function POST(request: Request): Promise<Response> {
  return unsubscribePost(getServerContext(), request);
}
