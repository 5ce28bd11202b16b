import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * Local stand-ins for Mastodon's health checks, for the status tests: an
 * HTTP server on 127.0.0.1 and a random port whose behaviour can be switched
 * between answering "OK" at once, answering slowly, answering 503, and
 * hanging (accepting the request and never answering).
 */
export type HealthBehaviour =
  { kind: "healthy" } | { kind: "slow"; delayMs: number } | { kind: "failing" } | { kind: "hanging" };

export interface HealthServer {
  url: string;
  behave(behaviour: HealthBehaviour): void;
  close(): Promise<void>;
}

export async function startHealthServer(
  path = "/health",
  initial: HealthBehaviour = { kind: "healthy" },
): Promise<HealthServer> {
  let behaviour = initial;
  const server = http.createServer((req, res) => {
    const answer = () => {
      res.writeHead(200, { "content-type": "text/plain" });
      res.end("OK");
    };
    if (req.url !== path) {
      res.writeHead(404).end();
      return;
    }
    switch (behaviour.kind) {
      case "healthy":
        return answer();
      case "slow":
        setTimeout(answer, behaviour.delayMs).unref();
        return;
      case "failing":
        res.writeHead(503, { "content-type": "text/plain" }).end("Service Unavailable");
        return;
      case "hanging":
        return; // never answers; closed with the server
    }
  });
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    behave(next) {
      behaviour = next;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
