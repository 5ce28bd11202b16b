import "server-only";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { currentSnapshot } from "@/lib/status/snapshot-cache";
import type { ServerContext } from "./context";
import { newNonce, pagePolicy, securityHeaders, statusSecurityHeaders } from "./security-headers";
import { serveStatusAnswer, statusAnswerKind } from "./status-answers";
import { warmRoutes, warmUp } from "./warm-up";

/**
 * Howdah's production HTTP server: Node's own server, which answers GET and
 * HEAD of /status, /status/feed.xml and /api/status itself from the
 * prerendered answers (status-answers.ts) and hands every other request to
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

/**
 * The request listener: the status answers first, then everything else to
 * `next`. A status answer that cannot be given (no configuration, an
 * unexpected error before anything was written) falls back to Next, whose
 * route handlers give the same answer or a proper error page.
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
      toNext(req, res);
    };
    const kind = statusAnswerKind(req.method, req.url);
    if (!kind || !resolved) return secureToNext();
    serveStatusAnswer(kind, resolved, req, res, statusSecurityHeaders(publicUrl)).catch(() => {
      if (!res.headersSent) secureToNext();
      else res.destroy();
    });
  };
}

/**
 * Prepares Next's production build (which also runs instrumentation.ts: store
 * migrations and the inline worker), loads the status snapshot into memory,
 * opens the connections (warm-up.ts), and only then listens, so the very
 * first request is answered as every later one is.
 */
export async function startHowdahServer(options: HowdahServerOptions): Promise<HowdahServer> {
  // Loaded here rather than at the top: Next reads NODE_ENV as it loads, and
  // the entry sets it first.
  const { default: next } = await import("next");
  const app = next({ dev: false, dir: options.dir, hostname: options.hostname, port: options.port });
  await app.prepare();
  const handle = app.getRequestHandler();
  await Promise.all([currentSnapshot(options.context()).catch(() => undefined), warmUp(options.context())]);
  const listener = createRequestListener(options.context, (req, res) => handle(req, res));
  await warmRoutes(listener);

  const server = http.createServer(listener);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.hostname, () => {
      server.off("error", reject);
      resolve();
    });
  });
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
