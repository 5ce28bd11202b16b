import "server-only";
import { headers } from "next/headers";

/**
 * The path of the page being rendered. Server components are not told it, so
 * the proxy (proxy.ts) copies it into this request header; the 403 page reads
 * it to name the permission the page needed. Only ever used for wording.
 */
export const REQUEST_PATH_HEADER = "x-howdah-path";

export async function requestPath(): Promise<string | null> {
  return (await headers()).get(REQUEST_PATH_HEADER);
}
