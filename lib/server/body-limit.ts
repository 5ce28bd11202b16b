import "server-only";
import http from "node:http";

/**
 * Request bodies are bounded here, before Next or next-auth reads a byte: one
 * 200 MB body to the sign-in endpoint used to grow the server by 880 MB.
 *
 * A body with a Content-Length over the path's limit is refused at once
 * (Node's parser never delivers more than a Content-Length announces). A
 * chunked body is counted as it arrives and refused once it passes the
 * limit; within it, it is handed on as a request of its own. Either way the
 * answer is 413 with a sentence saying what the limit is, and the connection
 * is closed rather than the rest of the body read.
 */
const KB = 1024;
const MB = 1024 * KB;

const LIMITS: readonly { prefix: string; bytes: number }[] = [
  // next-auth: the sign-in form (e-mail, password, code, CSRF token, callback URL) and sign-out.
  { prefix: "/api/auth/", bytes: 8 * KB },
  // A Sidekiq job named by its exact stored value (up to 4,000,000 characters), JSON-escaped.
  { prefix: "/api/queues/jobs/action", bytes: 16 * MB },
  // A blocklist file of up to 20 MB, base64 in JSON (4/3 of its size), and the rows ticked in a 200,000-row import.
  { prefix: "/api/federation/imports", bytes: 28 * MB },
  { prefix: "/api/federation/batches/choose", bytes: 8 * MB },
];
// Every other write is a small JSON form; pages take no bodies (Howdah has no server actions).
const DEFAULT_LIMIT = 64 * KB;

export function bodyLimitFor(url: string | undefined): number {
  const path = (url ?? "/").split("?")[0]!;
  return LIMITS.find((l) => path.startsWith(l.prefix))?.bytes ?? DEFAULT_LIMIT;
}

function describe(bytes: number): string {
  return bytes >= MB ? `${bytes / MB} MB` : `${bytes / KB} KB`;
}

function refuse(req: http.IncomingMessage, res: http.ServerResponse, limit: number): void {
  const message = `This request's body is larger than the ${describe(limit)} ${req.url?.split("?")[0]} accepts.`;
  const body = JSON.stringify({ error: { code: "payload_too_large", message } });
  if (!res.headersSent) {
    res.writeHead(413, {
      "content-type": "application/json; charset=utf-8",
      "content-length": Buffer.byteLength(body),
      connection: "close",
    });
  }
  res.end(body);
  // Stop reading what is left of the body; the answer is already on its way.
  req.pause();
}

/** A request whose body was read (within its limit) before Next saw it. */
class BufferedRequest extends http.IncomingMessage {
  constructor(original: http.IncomingMessage, body: Buffer) {
    super(original.socket);
    this.method = original.method;
    this.url = original.url;
    this.headers = original.headers;
    this.rawHeaders = original.rawHeaders;
    this.httpVersion = original.httpVersion;
    this.httpVersionMajor = original.httpVersionMajor;
    this.httpVersionMinor = original.httpVersionMinor;
    this.complete = true;
    this.push(body);
    this.push(null);
  }

  override _read(): void {
    // Everything was pushed in the constructor.
  }
}

/**
 * Calls `next` with the request to hand on (the original, or a buffered copy of a
 * chunked body), or answers 413 itself.
 */
export function limitRequestBody(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  next: (req: http.IncomingMessage) => void,
): void {
  const limit = bodyLimitFor(req.url);
  const declared = req.headers["content-length"];
  if (declared !== undefined) {
    if (Number(declared) > limit) return refuse(req, res, limit);
    return next(req);
  }
  if (req.headers["transfer-encoding"] === undefined) return next(req);

  const chunks: Buffer[] = [];
  let seen = 0;
  let over = false;
  req.on("data", (chunk: Buffer) => {
    if (over) return;
    seen += chunk.length;
    if (seen > limit) {
      over = true;
      chunks.length = 0;
      return refuse(req, res, limit);
    }
    chunks.push(chunk);
  });
  req.on("end", () => {
    if (!over) next(new BufferedRequest(req, Buffer.concat(chunks)));
  });
}
