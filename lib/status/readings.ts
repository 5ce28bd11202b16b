import { readJobFields } from "@/lib/mastodon/sidekiq/job-fields";
import { sampleJobs } from "@/lib/mastodon/sidekiq/job-windows";
import { readSidekiqSnapshot } from "@/lib/mastodon/sidekiq/snapshot";
import { probePostgres, probeRedis, type ServiceHealth } from "@/lib/mastodon/health";
import { sidekiqAccess } from "@/lib/queues/sidekiq-access";
import type { ServerContext } from "@/lib/server/context";
import type { ServiceReading, SidekiqReading, StatusReadings } from "./evaluate";
import { readMedia } from "./media";
import { probeHttp } from "./probes";

/**
 * One round of readings for the status page, all taken at once and each
 * bounded in time: the two HTTP probes (HOWDAH_PROBE_TIMEOUT_MS), a ping of
 * Mastodon's PostgreSQL and of each Redis it uses (1.5 s), and Sidekiq's
 * figures from its Redis (a constant number of round trips, however long the
 * queues are). A reading that fails becomes "down" or "not measurable";
 * nothing here throws.
 */
const RETRY_SAMPLE = { windows: 10, windowSize: 100 } as const;

function asReading(health: ServiceHealth): ServiceReading {
  return { ok: health.ok, latencyMs: health.latencyMs };
}

/** Mailer jobs in the retry set, counted exactly up to 1,000 jobs and estimated from ten spread windows above that. */
async function mailFailures(access: Awaited<ReturnType<typeof sidekiqAccess>>): Promise<number> {
  const sample = await sampleJobs(access.redis, access.keys, { kind: "set", set: "retry" }, RETRY_SAMPLE);
  if (sample.raws.length === 0) return 0;
  const mailers = sample.raws.filter((raw) => readJobFields(raw)?.queue === "mailers").length;
  return Math.round((mailers / sample.raws.length) * sample.total);
}

async function readSidekiq(context: ServerContext): Promise<SidekiqReading | null> {
  try {
    const access = await sidekiqAccess(context);
    const [snapshot, failures] = await Promise.all([
      readSidekiqSnapshot(access.redis, { keys: access.keys, format: access.format, work: false }),
      mailFailures(access),
    ]);
    return {
      queues: snapshot.queues.map((q) => ({ name: q.name, size: q.size, latencySeconds: q.latency })),
      processesAlive: snapshot.processesAlive,
      mailFailures: failures,
    };
  } catch {
    return null;
  }
}

async function readRedis(context: ServerContext): Promise<ServiceReading> {
  const { redis, sidekiqRedis } = context.mastodon;
  const probes = await Promise.all([redis, ...(sidekiqRedis !== redis ? [sidekiqRedis] : [])].map(probeRedis));
  // Mastodon needs each of them: the slower or the one that is down counts.
  if (probes.some((p) => !p.ok)) return { ok: false, latencyMs: null };
  return { ok: true, latencyMs: Math.max(...probes.map((p) => p.latencyMs ?? 0)) };
}

export async function takeReadings(context: ServerContext): Promise<StatusReadings> {
  const { webProbeUrl, streamingProbeUrl, probeTimeoutMs } = context.config.howdah.status;
  const [web, streaming, database, redis, sidekiq, media] = await Promise.all([
    probeHttp(webProbeUrl, probeTimeoutMs),
    probeHttp(streamingProbeUrl, probeTimeoutMs),
    probePostgres(context.mastodon.db).then(asReading),
    readRedis(context),
    readSidekiq(context),
    readMedia(context),
  ]);
  return { web, streaming, database, redis, sidekiq, media, probeTimeoutMs };
}
