import { getServerContext } from "@/lib/server/context";
import { confirmForm, confirmPost } from "@/lib/status/subscription-routes";

/** The confirmation link: a page with one button (a scanner opening the link confirms nothing). */
export const dynamic = "force-dynamic";

export function GET(request: Request): Response {
  return confirmForm(getServerContext(), request);
}

export function POST(request: Request): Promise<Response> {
  return confirmPost(getServerContext(), request);
}
