import "server-only";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { BUSY_MESSAGE, hashingSaturated } from "@/lib/auth/hashing-load";
import { DEFAULT_TRUSTED_PROXIES } from "@/lib/config/trusted-proxies";
import { compileTrustedProxies, stampClientIp, type TrustProxy } from "@/lib/http/client-ip";
import { currentSnapshot } from "@/lib/status/snapshot-cache";
import { limitRequestBody } from "./body-limit";
import type { ServerContext } from "./context";
import { apiHeaders, newNonce, pagePolicy, securityHeaders, statusSecurityHeaders } from "./security-headers";
import { isQueuesSummaryRequest, serveQueuesSummary } from "./queues-answer";
import { serveStatusAnswer, statusAnswerKind } from "./status-answers";
import { warmRoutes, warmUp } from "./warm-up";

/**
 * Howdah's production HTTP server: Node's own server, which answers GET and
 * HEAD of /status, /status/feed.xml and /api/status itself from the
 * prerendered answers (status-answers.ts), a signed-in GET /api/queues (the
 * Queues page's poll, queues-answer.ts), and hands every other request to
 * Next's request handler. Started by lib/server/main.ts (`npm start`).
 */
export interface HowdahServerOptions {
  /** The project directory: where `next build` left `.next`. */
  dir: string;
  /** Port to listen on (0: any free port). */
  port: number;
  /** Interface to listen on; all of them when absent, as `next start` does. */
  hostname?: string;
  context: () => ServerContext;
}

export interface HowdahServer {
  server: http.Server;
  /** The address it listens on, e.g. http://127.0.0.1:3000. */
  url: string;
  close(): Promise<void>;
}

const trustCache = new WeakMap<readonly string[], TrustProxy>();
function trustFor(list: readonly string[]): TrustProxy {
  let trust = trustCache.get(list);
  if (!trust) trustCache.set(list, (trust = compileTrustedProxies([...list])));
  return trust;
}

/**
 * The request listener: the status answers first, then everything else to
 * `next`. A status answer that cannot be given (no configuration, an
 * unexpected error before anything was written) falls back to Next, whose
 * route handlers give the same answer or a proper error page.
 *
 * Before Next sees a request, the client's address is worked out from the
 * socket and the trusted proxies and passed on in a header only this server
 * sets (lib/http/client-ip.ts), and the body is bounded by its path's limit
 * (body-limit.ts).
 */
export function createRequestListener(
  context: () => ServerContext,
  next: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>,
): http.RequestListener {
  const toNext = (req: http.IncomingMessage, res: http.ServerResponse) => {
    next(req, res).catch((error: unknown) => {
      console.error("[howdah] request failed:", error instanceof Error ? error.message : error);
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
  };
  return (req, res) => {
    let resolved: ServerContext | null = null;
    try {
      resolved = context();
    } catch {
      // No configuration: Next answers with its error page.
    }
    const publicUrl = resolved?.config.howdah.publicUrl ?? null;
    const secureToNext = () => {
      for (const [name, value] of securityHeaders(publicUrl)) res.setHeader(name, value);
      // Next takes the nonce for its own script tags from the request's
      // policy header (never the client's: it is replaced here).
      const policy = pagePolicy(newNonce());
      req.headers["content-security-policy"] = policy;
      delete req.headers["content-security-policy-report-only"];
      res.setHeader("content-security-policy", policy);
      stampClientIp(req, trustFor(resolved?.config.howdah.trustedProxies ?? DEFAULT_TRUSTED_PROXIES));
      limitRequestBody(req, res, (bounded) => toNext(bounded, res));
    };
    if (resolved && isSignInPost(req) && hashingSaturated()) {
      for (const [name, value] of securityHeaders(publicUrl)) res.setHeader(name, value);
      return refuseBusySignIn(res, publicUrl!);
    }
    if (resolved && isQueuesSummaryRequest(req.method, req.url)) {
      serveQueuesSummary(resolved, req, res, apiHeaders(publicUrl)).then(
        (answered) => {
          if (!answered) secureToNext();
        },
        () => {
          if (!res.headersSent) secureToNext();
          else res.destroy();
        },
      );
      return;
    }
    const kind = statusAnswerKind(req.method, req.url);
    if (!kind || !resolved) return secureToNext();
    serveStatusAnswer(kind, resolved, req, res, statusSecurityHeaders(publicUrl)).catch(() => {
      if (!res.headersSent) secureToNext();
      else res.destroy();
    });
  };
}

const SIGN_IN_PATH = "/api/auth/callback/credentials";

function isSignInPost(req: http.IncomingMessage): boolean {
  return req.method === "POST" && (req.url === SIGN_IN_PATH || req.url?.startsWith(`${SIGN_IN_PATH}?`) === true);
}

/**
 * The answer sign-in itself gives when the hashing pool is full (lib/auth/sign-in.ts), in the
 * shape next-auth's client reads (`{url}` with the error in its query), given here without
 * reading the body or entering Next: past the pool's capacity, a flood of sign-ins costs
 * about what a status answer does.
 */
function refuseBusySignIn(res: http.ServerResponse, publicUrl: string): void {
  const error = `busy:${BUSY_MESSAGE}`;
  const body = JSON.stringify({ url: `${publicUrl}/sign-in?${new URLSearchParams({ error })}` });
  res.writeHead(503, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(body),
    "retry-after": "5",
    "cache-control": "no-store",
  });
  res.end(body);
}

/**
 * Listens at once, with the status answers already served from the snapshot
 * in memory (loaded first, bounded by the snapshot cache's store wait), so
 * the very first /status after a start is the fast path's; then prepares
 * Next's production build (which also runs instrumentation.ts: store
 * migrations and the inline worker), opens the connections (warm-up.ts) and
 * warms the routes. A request for Next that arrives meanwhile waits for all
 * that and is then answered as every later one is; before, it was refused.
 */
export async function startHowdahServer(options: HowdahServerOptions): Promise<HowdahServer> {
  await currentSnapshot(options.context()).catch(() => undefined);
  let readyHandle: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>;
  let markReady!: () => void;
  let failed!: (error: unknown) => void;
  const ready = new Promise<void>((resolve, reject) => {
    markReady = resolve;
    failed = reject;
  });
  ready.catch(() => undefined);
  const listener = createRequestListener(options.context, async (req, res) => {
    await ready;
    return readyHandle(req, res);
  });
  const server = http.createServer(listener);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.hostname, () => {
      server.off("error", reject);
      resolve();
    });
  });

  // Loaded here rather than at the top: Next reads NODE_ENV as it loads, and
  // the entry sets it first.
  const { default: next } = await import("next");
  const app = next({ dev: false, dir: options.dir, hostname: options.hostname, port: options.port });
  try {
    await app.prepare();
    const handle = app.getRequestHandler();
    readyHandle = (req, res) => handle(req, res);
    await warmUp(options.context());
    await warmRoutes(createRequestListener(options.context, (req, res) => handle(req, res)));
    markReady();
  } catch (error) {
    failed(error);
    server.close();
    throw error;
  }
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    server,
    url: `http://${host}:${address.port}`,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await app.close();
    },
  };
}
