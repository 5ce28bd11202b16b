import net from "node:net";
import type { AddressInfo } from "node:net";

/**
 * A TCP proxy that tests put between Howdah and PostgreSQL or Redis, and
 * switch between behaving and failing the ways a server or a network fails:
 *
 * - `pass`: forwards both ways.
 * - `down`: the server is gone: existing connections are closed and new ones
 *   refused (the port stops listening, so clients see ECONNREFUSED).
 * - `freeze`: the server hangs (SIGSTOP, a stuck disk, a blocking script):
 *   connections are accepted and kept open, nothing is forwarded either way.
 *   Back to `pass`, everything held is delivered, as a resumed server would.
 * - `partition`: the network drops every packet: existing connections go
 *   silent both ways, new ones open but get no answer. Back to `pass`, the
 *   connections that lived through it are dead on the far side, as after a
 *   long partition: they stay silent, and the first byte a client sends on
 *   one is answered by a reset (what the server's kernel would do). New
 *   connections pass.
 */
export type FaultMode = "pass" | "down" | "freeze" | "partition";

export interface FaultProxy {
  readonly port: number;
  readonly mode: FaultMode;
  /** Connections accepted since start (a client reconnecting shows here). */
  readonly accepted: number;
  set(mode: FaultMode): Promise<void>;
  close(): Promise<void>;
}

type PairState = "live" | "held" | "dead";

interface Pair {
  client: net.Socket;
  upstream: net.Socket | null;
  state: PairState;
  /** Went through a partition: dead once the network returns. */
  partitioned: boolean;
}

export async function startFaultProxy(target: { host: string; port: number }, port = 0): Promise<FaultProxy> {
  let mode: FaultMode = "pass";
  let accepted = 0;
  const pairs = new Set<Pair>();
  const server = net.createServer((client) => {
    accepted++;
    const pair: Pair = { client, upstream: null, state: "held", partitioned: mode === "partition" };
    pairs.add(pair);
    client.on("error", () => undefined);
    client.on("close", () => drop(pair));
    client.pause();
    if (mode === "pass") connectUpstream(pair);
  });

  function drop(pair: Pair) {
    pairs.delete(pair);
    pair.client.destroy();
    pair.upstream?.destroy();
  }

  function connectUpstream(pair: Pair) {
    const upstream = net.connect(target.port, target.host);
    pair.upstream = upstream;
    upstream.on("error", () => undefined);
    upstream.on("close", () => {
      if (pair.state !== "dead") drop(pair);
    });
    upstream.pause();
    // Registered at once: bytes written before the connection is up wait in Node's buffer.
    forward(pair, pair.client, upstream);
    forward(pair, upstream, pair.client);
    if (mode === "pass") goLive(pair);
  }

  /** Copies `from` to `to` while the pair is live; pausing the sockets is what stops it. */
  function forward(pair: Pair, from: net.Socket, to: net.Socket) {
    from.on("data", (chunk) => {
      if (pair.state !== "live") return;
      if (!to.write(chunk)) {
        from.pause();
        to.once("drain", () => pair.state === "live" && from.resume());
      }
    });
    from.on("end", () => pair.state === "live" && to.end());
  }

  function goLive(pair: Pair) {
    pair.state = "live";
    pair.client.resume();
    pair.upstream?.resume();
  }

  function hold(pair: Pair) {
    pair.state = "held";
    pair.client.pause();
    pair.upstream?.pause();
  }

  /** The far side forgot this connection: silence, and a reset for the next byte the client sends. */
  function kill(pair: Pair) {
    pair.state = "dead";
    pair.upstream?.destroy();
    pair.upstream = null;
    pair.client.on("data", () => {
      pair.client.resetAndDestroy();
      pairs.delete(pair);
    });
    pair.client.resume();
  }

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => {
        server.off("error", reject);
        port = (server.address() as AddressInfo).port;
        resolve();
      });
    });
  await listen();

  return {
    get port() {
      return port;
    },
    get mode() {
      return mode;
    },
    get accepted() {
      return accepted;
    },
    async set(next) {
      if (next === mode) return;
      const previous = mode;
      mode = next;
      if (previous === "down") await listen();
      switch (next) {
        case "down":
          for (const pair of [...pairs]) drop(pair);
          await new Promise<void>((resolve) => server.close(() => resolve()));
          return;
        case "freeze":
        case "partition":
          for (const pair of pairs) {
            if (pair.state === "dead") continue;
            hold(pair);
            if (next === "partition") pair.partitioned = true;
          }
          return;
        case "pass":
          for (const pair of [...pairs]) {
            if (pair.state === "dead") continue;
            if (pair.partitioned) kill(pair);
            else if (pair.upstream) goLive(pair);
            else connectUpstream(pair);
          }
          return;
      }
    },
    async close() {
      for (const pair of [...pairs]) drop(pair);
      if (mode !== "down") await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
