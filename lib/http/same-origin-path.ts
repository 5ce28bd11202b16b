import "server-only";

/**
 * Where to send a staff member after signing in: only a path on Howdah
 * itself. Browsers read a backslash as a slash, so "/\evil.example/" is
 * "//evil.example/", another host; resolving the candidate against a
 * placeholder origin the way a browser would, and keeping it only if the
 * origin stays the placeholder's, catches every such spelling.
 */
const PLACEHOLDER = "http://howdah.invalid";

export function sameOriginPath(candidate: string | undefined | null, fallback = "/"): string {
  if (!candidate || !candidate.startsWith("/")) return fallback;
  let url: URL;
  try {
    url = new URL(candidate, PLACEHOLDER);
  } catch {
    return fallback;
  }
  if (url.origin !== PLACEHOLDER) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}
