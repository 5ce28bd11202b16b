import "server-only";
/**
 * The status round's HTTP probe of Mastodon's health checks (`/health` of the web
 * process, `/api/v1/streaming/health` of the streaming server). The whole
 * exchange, body included, is bounded by the timeout, so a server that
 * accepts the connection and then hangs is an outage after that long instead
 * of a stuck round.
 */
export type ProbeOutcome = "ok" | "error_status" | "timeout" | "unreachable";

export interface HttpProbeResult {
  outcome: ProbeOutcome;
  /** Time to the end of the body in ms; null when there was no answer. */
  ms: number | null;
  /** HTTP status, when one came back. */
  status: number | null;
}

const MAX_BODY_BYTES = 64 * 1024;

async function drain(body: ReadableStream<Uint8Array> | null): Promise<void> {
  if (!body) return;
  const reader = body.getReader();
  let read = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    read += value.byteLength;
    if (read > MAX_BODY_BYTES) {
      await reader.cancel();
      return;
    }
  }
}

export async function probeHttp(url: string, timeoutMs: number): Promise<HttpProbeResult> {
  const started = performance.now();
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const response = await fetch(url, {
      signal,
      redirect: "follow",
      cache: "no-store",
      headers: { "user-agent": "Howdah status probe", accept: "text/plain, */*" },
    });
    await drain(response.body);
    const ms = Math.round((performance.now() - started) * 10) / 10;
    return { outcome: response.ok ? "ok" : "error_status", ms, status: response.status };
  } catch {
    if (signal.aborted) return { outcome: "timeout", ms: null, status: null };
    return { outcome: "unreachable", ms: null, status: null };
  }
}
