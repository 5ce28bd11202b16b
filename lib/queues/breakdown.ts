import "server-only";
import { sourceId, type JobSource } from "@/lib/mastodon/sidekiq/job-source";
import type { ServerContext } from "@/lib/server/context";

/**
 * What a backlog is made of: the top job classes, and the remote servers
 * behind it (the inbox host of outgoing deliveries in `push`, the sending
 * account's domain of incoming activities in `ingress`), from a bounded
 * sample: ten evenly spaced windows of 50 jobs across the whole list, so it
 * costs the same on a million-job queue as on a small one. 500 jobs put a
 * share within a few points; estimates scale it to the full size.
 */
export const BREAKDOWN_WINDOWS = 10;
export const BREAKDOWN_WINDOW_SIZE = 50;
const TOP = 10;

export interface BreakdownRow {
  name: string;
  count: number;
  share: number;
  estimate: number;
}

export interface Breakdown {
  source: string;
  total: number;
  sampled: number;
  classes: BreakdownRow[];
  /** Inbox hosts of ActivityPub deliveries in the sample. */
  deliveryHosts: BreakdownRow[];
  /** Domains of the accounts that sent the incoming activities in the sample. */
  senderDomains: BreakdownRow[];
  /** Set when the sending accounts could not be looked up (PostgreSQL down). */
  senderProblem: string | null;
  tookMs: number;
}

function top(counts: Map<string, number>, sampled: number, total: number): BreakdownRow[] {
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, TOP)
    .map(([name, count]) => ({
      name,
      count,
      share: sampled ? count / sampled : 0,
      estimate: sampled ? Math.round((count / sampled) * total) : 0,
    }));
}

const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);

export async function getBreakdown(context: ServerContext, source: JobSource): Promise<Breakdown> {
  const started = performance.now();
  const { sidekiq } = context.mastodon;
  const sample = await sidekiq.sampleJobs(source, { windows: BREAKDOWN_WINDOWS, windowSize: BREAKDOWN_WINDOW_SIZE });
  const classes = new Map<string, number>();
  const hosts = new Map<string, number>();
  const senders: string[] = [];
  for (const job of sample.jobs) {
    bump(classes, job.displayClass ?? "(not a job)");
    if (job.origin?.kind === "inbox") bump(hosts, job.origin.host);
    else if (job.origin?.kind === "sender") senders.push(job.origin.accountId);
  }

  const domains = new Map<string, number>();
  let senderProblem: string | null = null;
  if (senders.length > 0) {
    const lookup = await sidekiq.lookupAccountDomains(senders);
    if (lookup.problem) senderProblem = `The sending accounts could not be looked up: ${lookup.problem}.`;
    else {
      for (const id of senders) {
        const domain = lookup.domains.get(id);
        bump(
          domains,
          domain === undefined
            ? "(account no longer known)"
            : (domain ?? `${context.config.mastodon.localDomain} (local)`),
        );
      }
    }
  }
  const n = sample.jobs.length;
  return {
    source: sourceId(source),
    total: sample.total,
    sampled: n,
    classes: top(classes, n, sample.total),
    deliveryHosts: top(hosts, n, sample.total),
    senderDomains: top(domains, n, sample.total),
    senderProblem,
    tookMs: Math.round((performance.now() - started) * 10) / 10,
  };
}
