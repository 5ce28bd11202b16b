import { getToken } from "next-auth/jwt";
import { NextResponse, type NextRequest } from "next/server";

/**
 * Only redirects signed-out visitors of staff pages to the sign-in page.
 * It is a convenience, not a guard: every page and API checks the session
 * and permission again on the server (a proxy can be bypassed).
 *
 * It also hands the page's path to the server components, which Next does
 * not tell them: the 403 page names the permission of the page refused.
 */
// lib/http/request-path.ts reads it (REQUEST_PATH_HEADER); set here, so a client cannot choose it.
const REQUEST_PATH_HEADER = "x-howdah-path";

export async function proxy(request: NextRequest) {
  const secret = process.env.HOWDAH_SECRET ?? process.env.NEXTAUTH_SECRET;
  const publicUrl = process.env.HOWDAH_URL ?? process.env.NEXTAUTH_URL ?? "";
  // The cookies alone: getToken would also take a JWT from an Authorization: Bearer header.
  const req = { cookies: request.cookies, headers: {} } as never;
  const token = secret
    ? await getToken({ req, secret, secureCookie: publicUrl.startsWith("https://") }).catch(() => null)
    : null;
  if (token) {
    const headers = new Headers(request.headers);
    headers.set(REQUEST_PATH_HEADER, request.nextUrl.pathname);
    return NextResponse.next({ request: { headers } });
  }
  const url = request.nextUrl.clone();
  url.pathname = "/sign-in";
  url.search = `?callbackUrl=${encodeURIComponent(request.nextUrl.pathname + request.nextUrl.search)}`;
  return NextResponse.redirect(url);
}

export const config = {
  // Staff pages only: not the APIs (they answer 401 themselves), sign-in,
  // the public status page, or static files.
  matcher: ["/((?!api/|sign-in|status|metrics|_next/|favicon|public/).*)"],
};
