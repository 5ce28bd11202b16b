/**
 * A status-page server for the bench, run as its own process:
 *
 *   tsx dev/bench/status-serve.ts <port> fast    the production fast path (lib/server/http-server.ts'
 *                                                request listener) on a bare Node HTTP server: the
 *                                                same code that answers /status in `npm start`, with
 *                                                a 404 where Next would be
 *   tsx dev/bench/status-serve.ts <port> naive   the naive way: every request reads Mastodon's
 *                                                PostgreSQL and Redis (and Sidekiq's figures) and
 *                                                Howdah's history, judges and renders the page
 *
 * Configured from the environment like Howdah; prints "ready" once listening.
 */
import http from "node:http";
import { loadConfig } from "@/lib/config/load-config";
import { createServerContext } from "@/lib/server/context";
import { createRequestListener } from "@/lib/server/http-server";
import { evaluateComponents } from "@/lib/status/evaluate";
import { readResponseTimes, readUptime } from "@/lib/status/history";
import { listPublicIncidents } from "@/lib/status/incidents";
import { takeReadings } from "@/lib/status/readings";
import { renderStatusPage } from "@/lib/status/render/page";
import { COMPONENT_NAMES, type StatusSnapshot } from "@/lib/shared/status-types";

async function main() {
  const [portText, mode] = process.argv.slice(2);
  const context = createServerContext(loadConfig(process.env));
  const store = await context.store();
  const { thresholds } = context.config.howdah.status;
  let server: http.Server;
  if (mode === "fast") {
    server = http.createServer(
      createRequestListener(
        () => context,
        async (_, res) => void res.writeHead(404).end(),
      ),
    );
  } else {
    // The naive handler skips the two HTTP probes (they would only add their own wait).
    const config = {
      ...context.config,
      howdah: {
        ...context.config.howdah,
        status: {
          ...context.config.howdah.status,
          webProbeUrl: "http://127.0.0.1:1/",
          streamingProbeUrl: "http://127.0.0.1:1/",
        },
      },
    };
    const naiveContext = { ...context, config };
    server = http.createServer((_, res) => {
      (async () => {
        const now = new Date();
        const readings = await takeReadings(naiveContext);
        const evaluated = evaluateComponents(readings, thresholds);
        const [uptime, responseTimes, incidents] = await Promise.all([
          readUptime(store, now),
          readResponseTimes(store, now),
          listPublicIncidents(store, now),
        ]);
        const snapshot: StatusSnapshot = {
          version: 1,
          publishedAt: now.toISOString(),
          generatedAt: now.toISOString(),
          domain: context.config.mastodon.localDomain,
          components: evaluated.map((e) => ({
            id: e.id,
            name: COMPONENT_NAMES[e.id],
            state: e.state,
            message: e.message,
            since: null,
            responseMs: e.responseMs,
          })),
          uptime,
          responseTimes,
          incidents,
        };
        const html = renderStatusPage(snapshot, {
          domain: snapshot.domain,
          nowMs: now.getTime(),
          staleAfterMs: 180_000,
          slowMs: { web: thresholds.web.degraded, streaming: thresholds.streaming.degraded },
          baseUrl: "http://127.0.0.1",
          scriptSrc: null,
        });
        res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(html);
      })().catch(() => res.writeHead(500).end());
    });
  }
  server.keepAliveTimeout = 30_000;
  server.listen(Number(portText), "127.0.0.1", () => console.log("ready"));
  process.on("SIGTERM", () => {
    server.close();
    void context.close().finally(() => process.exit(0));
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
