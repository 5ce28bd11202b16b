import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * An HTTP server for tests standing in for a webhook, Slack, Discord, ntfy
 * or a Matrix homeserver: it records every request and answers with the
 * next status queued by `answerNext` (200 when none is queued).
 */
export interface RecordedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface HttpTestReceiver {
  url: string;
  requests: RecordedRequest[];
  answerNext(...statuses: number[]): void;
  close(): Promise<void>;
}

export async function startHttpTestReceiver(): Promise<HttpTestReceiver> {
  const requests: RecordedRequest[] = [];
  const queue: number[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString("utf8")));
    req.on("end", () => {
      requests.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
      const status = queue.shift() ?? 200;
      res.writeHead(status, { "content-type": "application/json" });
      res.end(status < 300 ? '{"ok":true}' : '{"error":"try later"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    answerNext: (...statuses) => queue.push(...statuses),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
