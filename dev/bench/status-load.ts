/**
 * A small HTTP load generator, run as its own process by the status bench so
 * its CPU is not the server's: `connections` keep-alive sockets for `seconds`
 * after a warm-up. Without a rate, each socket sends the next request as soon
 * as the previous answer is read (closed loop: the most the server takes).
 * With `rate=N`, requests go out on a fixed schedule of N per second spread
 * over the sockets, and each latency counts from when the request was due,
 * so a server that falls behind is charged for the wait (no coordinated
 * omission). Prints one JSON line with requests per second, latency
 * percentiles and failures.
 *
 *   tsx dev/bench/status-load.ts <url> [connections=32] [seconds=10] [warmupSeconds=2] [rate=N] [header=value…]
 */
import http from "node:http";

export interface LoadResult {
  url: string;
  connections: number;
  seconds: number;
  requests: number;
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  failures: number;
  bytesPerResponse: number;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export async function runLoad(
  url: string,
  connections: number,
  seconds: number,
  warmupSeconds: number,
  headers: Record<string, string> = {},
  rate: number | null = null,
): Promise<LoadResult> {
  const target = new URL(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const latencies = new Float64Array(4_000_000);
  let count = 0;
  let failures = 0;
  let bytes = 0;
  let measuring = false;
  let stopAt = Infinity;

  const once = (due: number) =>
    new Promise<void>((resolve) => {
      // From when it was due, or from now if a timer fired a little early.
      const started = Math.min(due, performance.now());
      const req = http.request(
        { host: target.hostname, port: target.port, path: target.pathname + target.search, agent, headers },
        (res) => {
          let size = 0;
          res.on("data", (chunk: Buffer) => (size += chunk.length));
          res.on("end", () => {
            if (measuring) {
              if (res.statusCode !== 200) failures++;
              else if (count < latencies.length) {
                latencies[count++] = performance.now() - started;
                bytes += size;
              }
            }
            resolve();
          });
        },
      );
      req.on("error", () => {
        if (measuring) failures++;
        resolve();
      });
      req.end();
    });

  const origin = performance.now();
  const loop = async (index: number) => {
    if (rate === null) {
      while (performance.now() < stopAt) await once(performance.now());
      return;
    }
    // Socket `index` sends requests index, index + connections, … of the schedule.
    const interval = (1000 * connections) / rate;
    for (let k = 0; ; k++) {
      const due = origin + (index * 1000) / rate + k * interval;
      if (due >= stopAt) return;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      await once(due);
    }
  };
  const loops = Array.from({ length: connections }, (_, i) => loop(i));
  await new Promise((r) => setTimeout(r, warmupSeconds * 1000));
  measuring = true;
  const started = performance.now();
  stopAt = started + seconds * 1000;
  await Promise.all(loops);
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  const sorted = latencies.slice(0, count).sort();
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    url,
    connections,
    seconds: round(elapsed),
    requests: count,
    rps: round(count / elapsed),
    p50: round(percentile(sorted, 50)),
    p90: round(percentile(sorted, 90)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted[sorted.length - 1] ?? 0),
    failures,
    bytesPerResponse: count ? Math.round(bytes / count) : 0,
  };
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const [url, connections = "32", seconds = "10", warmup = "2", ...rest] = process.argv.slice(2);
  if (!url) {
    console.error("usage: status-load.ts <url> [connections] [seconds] [warmupSeconds] [rate=N] [header=value…]");
    process.exit(2);
  }
  const pairs = rest.map((h) => [h.slice(0, h.indexOf("=")), h.slice(h.indexOf("=") + 1)] as const);
  const rate = pairs.find(([k]) => k === "rate")?.[1];
  const headers = Object.fromEntries(pairs.filter(([k]) => k !== "rate"));
  runLoad(url, Number(connections), Number(seconds), Number(warmup), headers, rate ? Number(rate) : null).then(
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
