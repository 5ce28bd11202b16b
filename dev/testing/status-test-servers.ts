import http from "node:http";
import net from "node:net";
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

/**
 * A TCP gate in front of a service (PostgreSQL, Redis) on 127.0.0.1 and a
 * random port, for the tests of what the status page sees when that service
 * fails: "open" forwards both ways; "down" drops every connection and
 * closes new ones at once (as a stopped server does); "frozen" cuts the current
 * connections and accepts new ones that never get an answer (as a hung
 * server or a silent partition does).
 */
export type GateMode = "open" | "down" | "frozen";

export interface TcpGate {
  /** Port the gate listens on; the service is reached through 127.0.0.1 and this port. */
  port: number;
  set(mode: GateMode): void;
  close(): Promise<void>;
}

export async function startTcpGate(target: { host: string; port: number }): Promise<TcpGate> {
  let mode: GateMode = "open";
  const sockets = new Set<net.Socket>();
  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => socket.destroy());
  };
  const server = net.createServer((client) => {
    track(client);
    if (mode === "down") return void client.destroy();
    if (mode === "frozen") return; // held open, never answered
    const upstream = net.connect(target.port, target.host);
    track(upstream);
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    set(next) {
      // Every change cuts what the gate holds: frozen connections stay dead once the gate reopens,
      // as after a real partition, until the client notices and reconnects.
      if (next !== mode) for (const socket of sockets) socket.destroy();
      mode = next;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
