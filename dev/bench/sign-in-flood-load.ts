/**
 * An anonymous sign-in flood, run as its own process by the sign-in bench so
 * its CPU is not the server's: next-auth's credentials form posted with an
 * unknown e-mail and a wrong password for `seconds`, either by `connections`
 * loops as fast as the answers come (closed loop), or, with `rate`, that many
 * attempts a second on schedule whether or not earlier ones were answered
 * (open loop, at most 200 waiting at once: a bounded flood). Each
 * attempt claims a different client address in X-Forwarded-For, which the
 * server believes since the flood comes from loopback, a trusted proxy by
 * default: the worst case, where per-address limits never stop it and every
 * attempt that gets through costs a bcrypt check. Bounded in count and time;
 * prints one JSON line with attempts per second and the answers by reason.
 *
 *   tsx dev/bench/sign-in-flood-load.ts <baseUrl> [connections=20] [seconds=10] [rate]
 */
import http from "node:http";

export interface FloodResult {
  connections: number;
  seconds: number;
  attempts: number;
  perSecond: number;
  /** next-auth's error reason for each answer ("invalid_credentials", "busy", "rate_limited", …). */
  reasons: Record<string, number>;
  failures: number;
  /** Attempts a paced flood did not send because MAX_IN_FLIGHT were still unanswered. */
  skipped: number;
}

const MAX_ATTEMPTS = 200_000;
// With a rate, at most this many attempts wait for answers at once; the rest of the schedule is skipped.
const MAX_IN_FLIGHT = 200;

function request(
  agent: http.Agent,
  url: URL,
  method: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, path: url.pathname, method, agent, headers },
      (res) => {
        let text = "";
        res.on("data", (c: Buffer) => (text += c.toString()));
        res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, text }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

function reasonOf(text: string): string {
  // next-auth answers a failed credentials sign-in with {url: ".../sign-in?error=<reason>:<message>"}.
  try {
    const { url } = JSON.parse(text) as { url?: string };
    const error = url ? new URL(url).searchParams.get("error") : null;
    return error ? error.split(":")[0]! : "no_error";
  } catch {
    return "unreadable";
  }
}

export async function runFlood(
  baseUrl: string,
  connections: number,
  seconds: number,
  rate: number | null = null,
): Promise<FloodResult> {
  const base = new URL(baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: rate ? MAX_IN_FLIGHT : connections });
  const reasons: Record<string, number> = {};
  let attempts = 0;
  let failures = 0;
  let skipped = 0;
  const origin = performance.now();
  const stopAt = origin + seconds * 1000;

  // One CSRF token and cookie serve every attempt: next-auth checks only that they match.
  const csrf = await request(agent, new URL("/api/auth/csrf", base), "GET", {});
  const cookie = (csrf.headers["set-cookie"] ?? []).map((c) => c.split(";")[0]).join("; ");
  const { csrfToken } = JSON.parse(csrf.text) as { csrfToken: string };

  const attempt = async () => {
    const n = ++attempts;
    const body = new URLSearchParams({
      csrfToken,
      email: `flood-${n}@example.invalid`,
      password: "not-the-password",
      json: "true",
    }).toString();
    const headers = {
      "content-type": "application/x-www-form-urlencoded",
      "content-length": String(Buffer.byteLength(body)),
      cookie,
      "x-forwarded-for": `198.18.${(n >> 8) & 255}.${n & 255}`,
    };
    try {
      const res = await request(agent, new URL("/api/auth/callback/credentials", base), "POST", headers, body);
      const reason = reasonOf(res.text);
      reasons[reason] = (reasons[reason] ?? 0) + 1;
    } catch {
      failures++;
    }
  };

  if (rate) {
    // Open loop: attempts go out on schedule whether or not earlier ones were answered.
    const inFlight = new Set<Promise<void>>();
    for (let k = 0; attempts < MAX_ATTEMPTS; k++) {
      const due = origin + (k * 1000) / rate;
      if (due >= stopAt) break;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      if (inFlight.size >= MAX_IN_FLIGHT) {
        skipped++;
        continue;
      }
      const sent = attempt().finally(() => inFlight.delete(sent));
      inFlight.add(sent);
    }
    await Promise.all(inFlight);
  } else {
    const loop = async () => {
      while (performance.now() < stopAt && attempts < MAX_ATTEMPTS) await attempt();
    };
    await Promise.all(Array.from({ length: connections }, loop));
  }
  const elapsed = (performance.now() - origin) / 1000;
  agent.destroy();
  return {
    connections: rate ? MAX_IN_FLIGHT : connections,
    seconds: Math.round(elapsed * 100) / 100,
    attempts,
    perSecond: Math.round((attempts / elapsed) * 10) / 10,
    reasons,
    failures,
    skipped,
  };
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const [url, connections = "20", seconds = "10", rate] = process.argv.slice(2);
  if (!url) {
    console.error("usage: sign-in-flood-load.ts <baseUrl> [connections] [seconds] [rate]");
    process.exit(2);
  }
  runFlood(url, Number(connections), Number(seconds), rate ? Number(rate) : null).then(
    (result) => {
      process.stdout.write(JSON.stringify(result) + "\n");
      process.exit(0);
    },
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
