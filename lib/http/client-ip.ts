import "server-only";
/**
 * The client's address for per-IP sign-in limits. Next's server appends the
 * socket's address to X-Forwarded-For, and a reverse proxy in front appends
 * its client's, so the LAST entry is the one nobody outside can forge.
 */
export function clientIp(headers: Headers | Record<string, string | string[] | undefined>): string {
  const get = (name: string): string | undefined => {
    if (headers instanceof Headers) return headers.get(name) ?? undefined;
    const value = headers[name];
    return Array.isArray(value) ? value.join(",") : value;
  };
  const forwarded = get("x-forwarded-for");
  const last = forwarded
    ?.split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .pop();
  return last || get("x-real-ip") || "unknown";
}
