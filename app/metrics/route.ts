import { bearerTokenMatches } from "@/lib/metrics/bearer-token";
import { collectAll } from "@/lib/metrics/collectors";
import { renderExposition } from "@/lib/metrics/exposition";
import { getServerContext } from "@/lib/server/context";

export const dynamic = "force-dynamic";

/** Prometheus scrape endpoint, protected by HOWDAH_METRICS_TOKEN (disabled when unset). */
export async function GET(request: Request): Promise<Response> {
  const context = getServerContext();
  const token = context.config.howdah.metricsToken;
  if (!token)
    return new Response("The metrics endpoint is disabled: set HOWDAH_METRICS_TOKEN to enable it.\n", { status: 404 });
  if (!bearerTokenMatches(request.headers.get("authorization"), token)) {
    return new Response("A valid bearer token is required.\n", {
      status: 401,
      headers: { "www-authenticate": 'Bearer realm="howdah-metrics"' },
    });
  }
  const body = renderExposition(await collectAll(context));
  return new Response(body, {
    headers: { "content-type": "text/plain; version=0.0.4; charset=utf-8", "cache-control": "no-store" },
  });
}
