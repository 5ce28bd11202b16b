import "server-only";

/**
 * One conditional GET of a blocklist URL: If-None-Match / If-Modified-Since
 * from the last good answer, the whole exchange (headers and body) bounded
 * by a timeout, and the body by a size cap, read as it streams so a huge or
 * endless answer stops at the cap instead of filling memory.
 */
export const FETCH_TIMEOUT_MS = 20_000;
export const MAX_LIST_BYTES = 10 * 1024 * 1024;

export type FetchOutcome =
  | { status: "ok"; body: Buffer; etag: string | null; lastModified: string | null; contentType: string | null }
  | { status: "not_modified" }
  | { status: "failed"; error: string };

export async function fetchList(
  url: string,
  validators: { etag: string | null; lastModified: string | null },
  limits: { timeoutMs: number; maxBytes: number } = { timeoutMs: FETCH_TIMEOUT_MS, maxBytes: MAX_LIST_BYTES },
): Promise<FetchOutcome> {
  const headers: Record<string, string> = { accept: "text/csv, text/plain;q=0.9, */*;q=0.1" };
  if (validators.etag) headers["if-none-match"] = validators.etag;
  if (validators.lastModified) headers["if-modified-since"] = validators.lastModified;
  const signal = AbortSignal.timeout(limits.timeoutMs);
  try {
    const response = await fetch(url, { headers, signal, redirect: "follow" });
    if (response.status === 304) {
      await response.body?.cancel();
      return { status: "not_modified" };
    }
    if (!response.ok) {
      await response.body?.cancel();
      return { status: "failed", error: `The server answered HTTP ${response.status} ${response.statusText}.`.trim() };
    }
    const declared = Number(response.headers.get("content-length") ?? "0");
    if (declared > limits.maxBytes) {
      await response.body?.cancel();
      return { status: "failed", error: tooLarge(limits.maxBytes) };
    }
    const body = await readCapped(response.body, limits.maxBytes);
    if (body === null) return { status: "failed", error: tooLarge(limits.maxBytes) };
    const contentType = response.headers.get("content-type");
    if (contentType && /text\/html|application\/xhtml/i.test(contentType)) {
      return { status: "failed", error: "The server answered with an HTML page, not a blocklist." };
    }
    return {
      status: "ok",
      body,
      etag: response.headers.get("etag"),
      lastModified: response.headers.get("last-modified"),
      contentType,
    };
  } catch (error) {
    if (signal.aborted) return { status: "failed", error: `No complete answer within ${limits.timeoutMs / 1000} s.` };
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return {
      status: "failed",
      error: `The list could not be fetched (${cause?.code ?? cause?.message ?? (error as Error).message}).`,
    };
  }
}

async function readCapped(body: ReadableStream<Uint8Array> | null, maxBytes: number): Promise<Buffer | null> {
  if (!body) return Buffer.alloc(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(chunks);
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
}

const tooLarge = (max: number) => `The list is larger than the ${max / 1024 / 1024} MB Howdah reads.`;
