import http from "node:http";
import type { ServerContext } from "@/lib/server/context";
import { answerStatus, originOf, type PublicAnswerKind } from "./public-responses";

/**
 * A shortcut for the three public status answers in the production server.
 *
 * Why: the status page is what members hammer when the instance is slow, and
 * it must hold 2,000 requests a second on a 2-core machine. Next's routing
 * and route-handler machinery costs about a millisecond of CPU per request
 * here (measured: about 850 requests a second for a handler that only finds
 * no session), while the answer itself is a buffer already rendered and
 * gzipped. So, in production, GET and HEAD of exactly /status,
 * /status/feed.xml and /api/status are answered when Node's HTTP server
 * emits the request, before Next sees it, by the same functions the route
 * handlers call (app/status, app/api/status), which stay the reference and
 * serve everything else (development, other methods, other paths).
 *
 * Installed once per process, from the route modules (Next loads them at
 * start in production). Any failure falls back to Next's normal handling.
 */
const ROUTES: Record<string, PublicAnswerKind> = {
  "/status": "page",
  "/status/feed.xml": "feed",
  "/api/status": "json",
};

const header = (req: http.IncomingMessage, name: string): string | null => {
  const value = req.headers[name];
  return typeof value === "string" ? value : null;
};

async function serve(
  kind: PublicAnswerKind,
  context: ServerContext,
  req: http.IncomingMessage,
  res: http.ServerResponse,
): Promise<void> {
  const answer = await answerStatus(context, kind, {
    method: req.method ?? "GET",
    acceptEncoding: header(req, "accept-encoding"),
    ifNoneMatch: header(req, "if-none-match"),
    origin: originOf({ get: (name) => header(req, name) }, "localhost", "http"),
  });
  res.writeHead(answer.status, answer.headers);
  res.end(answer.body);
}

type Emit = (this: http.Server, event: string | symbol, ...args: unknown[]) => boolean;

/** Installs the shortcut once per process (production only); returns how to take it out again (tests). */
export function installStatusFastPath(getContext: () => ServerContext): () => void {
  const flag = globalThis as unknown as { __howdahStatusFastPath?: boolean };
  if (flag.__howdahStatusFastPath || process.env.NODE_ENV !== "production") return () => undefined;
  flag.__howdahStatusFastPath = true;
  const original = http.Server.prototype.emit as Emit;
  http.Server.prototype.emit = function emit(this: http.Server, event: string | symbol, ...args: unknown[]): boolean {
    if (event === "request") {
      const [req, res] = args as [http.IncomingMessage, http.ServerResponse];
      const url = req.url ?? "";
      const q = url.indexOf("?");
      const kind = ROUTES[q < 0 ? url : url.slice(0, q)];
      if (kind && (req.method === "GET" || req.method === "HEAD")) {
        let context: ServerContext;
        try {
          context = getContext();
        } catch {
          return original.call(this, event, ...args);
        }
        serve(kind, context, req, res).catch(() => {
          if (!res.headersSent) original.call(this, event, ...args);
          else res.destroy();
        });
        return true;
      }
    }
    return original.call(this, event, ...args);
  } as typeof http.Server.prototype.emit;
  return () => {
    http.Server.prototype.emit = original as typeof http.Server.prototype.emit;
    flag.__howdahStatusFastPath = false;
  };
}
