import "server-only";
import { isHowdahError } from "@/lib/errors";
import type { JobSource } from "@/lib/mastodon/sidekiq/job-source";
import type { ServerContext } from "@/lib/server/context";

/**
 * Sidekiq work for a domain and its sub-domains: deliveries to its inboxes
 * waiting in `push`, activities its accounts sent waiting in `ingress`, and
 * both kinds in the retry set (what a suspension makes pointless, and what
 * keeps coming back while a server is unreachable). Read with the queues
 * page's bounded sampler, in larger windows: exact while a source holds at
 * most 2,000 jobs, an estimate scaled from 2,000 spread jobs above that.
 */
export const HOST_JOB_WINDOWS = 10;
export const HOST_JOB_WINDOW_SIZE = 200;

export interface HostJobCount {
  source: "queue:push" | "queue:ingress" | "retry" | "dead";
  /** Jobs to or from the domain in the sample. */
  matched: number;
  sampled: number;
  total: number;
  /** matched scaled to the whole source; equals matched when exact. */
  estimate: number;
  exact: boolean;
}

export interface HostJobs {
  counts: HostJobCount[];
  /** Set when Sidekiq's Redis (or the account lookup) could not be read: the counts are then empty. */
  problem: string | null;
}

const SOURCES: { id: HostJobCount["source"]; source: JobSource }[] = [
  { id: "queue:push", source: { kind: "queue", queue: "push" } },
  { id: "queue:ingress", source: { kind: "queue", queue: "ingress" } },
  { id: "retry", source: { kind: "set", set: "retry" } },
];
// The dossier also shows what died: jobs Sidekiq gave up on (failed deliveries to the server among them).
const WITH_DEAD: typeof SOURCES = [...SOURCES, { id: "dead", source: { kind: "set", set: "dead" } }];

export const onDomain = (host: string | null | undefined, domain: string): boolean =>
  !!host && (host === domain || host.endsWith(`.${domain}`));

export async function countHostJobs(
  context: ServerContext,
  domain: string,
  options: { dead?: boolean } = {},
): Promise<HostJobs> {
  const { sidekiq } = context.mastodon;
  const sources = options.dead ? WITH_DEAD : SOURCES;
  try {
    const samples = await Promise.all(
      sources.map((s) =>
        sidekiq
          .sampleJobs(s.source, { windows: HOST_JOB_WINDOWS, windowSize: HOST_JOB_WINDOW_SIZE })
          // A queue Sidekiq has never used (no push work on a quiet server) holds no job for anyone.
          .catch((error: unknown) => {
            if (isHowdahError(error) && error.code === "not_found") return { total: 0, jobs: [] };
            throw error;
          }),
      ),
    );
    const senders = samples.flatMap((s) =>
      s.jobs.flatMap((j) => (j.origin?.kind === "sender" ? [j.origin.accountId] : [])),
    );
    const lookup = senders.length ? await sidekiq.lookupAccountDomains(senders) : { domains: new Map(), problem: null };
    if (lookup.problem)
      return { counts: [], problem: `The sending accounts could not be looked up: ${lookup.problem}.` };
    const counts = samples.map((sample, i): HostJobCount => {
      const matched = sample.jobs.filter((job) => {
        if (job.origin?.kind === "inbox") return onDomain(job.origin.host, domain);
        if (job.origin?.kind === "sender") return onDomain(lookup.domains.get(job.origin.accountId), domain);
        return false;
      }).length;
      const sampled = sample.jobs.length;
      const exact = sampled >= sample.total;
      return {
        source: sources[i]!.id,
        matched,
        sampled,
        total: sample.total,
        estimate: exact || sampled === 0 ? matched : Math.round((matched / sampled) * sample.total),
        exact,
      };
    });
    return { counts, problem: null };
  } catch (error) {
    return { counts: [], problem: error instanceof Error ? error.message : String(error) };
  }
}
