/**
 * An anonymous sign-in flood, run as its own process by the sign-in bench so
 * its CPU is not the server's: `connections` loops, each taking a CSRF token
 * once and then posting next-auth's credentials form with an unknown e-mail
 * and a wrong password for `seconds`: as fast as the answers come (closed
 * loop), or with `rate`, that many attempts a second spread over the
 * connections (a bounded flood; an attempt whose answer is late delays only
 * its own connection). Each
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
}

const MAX_ATTEMPTS = 200_000;

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
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const reasons: Record<string, number> = {};
  let attempts = 0;
  let failures = 0;
  const origin = performance.now();
  const stopAt = origin + seconds * 1000;
  const interval = rate ? (1000 * connections) / rate : 0;

  const loop = async (index: number) => {
    const csrf = await request(agent, new URL("/api/auth/csrf", base), "GET", {});
    const cookie = (csrf.headers["set-cookie"] ?? []).map((c) => c.split(";")[0]).join("; ");
    const { csrfToken } = JSON.parse(csrf.text) as { csrfToken: string };
    for (let n = 0; performance.now() < stopAt && attempts < MAX_ATTEMPTS; n++) {
      if (rate) {
        const wait = origin + (index * 1000) / rate + n * interval - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        if (performance.now() >= stopAt) break;
      }
      attempts++;
      const body = new URLSearchParams({
        csrfToken,
        email: `flood-${index}-${n}@example.invalid`,
        password: "not-the-password",
        json: "true",
      }).toString();
      const forwarded = `198.18.${(attempts >> 8) & 255}.${attempts & 255}`;
      try {
        const res = await request(
          agent,
          new URL("/api/auth/callback/credentials", base),
          "POST",
          {
            "content-type": "application/x-www-form-urlencoded",
            "content-length": String(Buffer.byteLength(body)),
            cookie,
            "x-forwarded-for": forwarded,
          },
          body,
        );
        const reason = reasonOf(res.text);
        reasons[reason] = (reasons[reason] ?? 0) + 1;
      } catch {
        failures++;
      }
    }
  };
  const started = origin;
  await Promise.all(Array.from({ length: connections }, (_, i) => loop(i)));
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  return {
    connections,
    seconds: Math.round(elapsed * 100) / 100,
    attempts,
    perSecond: Math.round((attempts / elapsed) * 10) / 10,
    reasons,
    failures,
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
