import "server-only";
import type { JobDefinition } from "./job-definition";
import { blockBatchJob } from "./definitions/block-batch";
import { blocklistSyncJob } from "./definitions/blocklist-sync";
import { domainCountsRollupJob } from "./definitions/domain-counts-rollup";
import { evaluateAlertsJob } from "./definitions/evaluate-alerts";
import { sampleInstanceJob } from "./definitions/sample-instance";
import { relayTrafficRollupJob } from "./definitions/relay-traffic-rollup";
import { retentionRollupJob } from "./definitions/retention-rollup";
import { rollupSidekiqHistoryJob } from "./definitions/rollup-sidekiq-history";
import { sampleSidekiqJob } from "./definitions/sample-sidekiq";
import { storageReconcileJob } from "./definitions/storage-reconcile";
import { storageRollupJob } from "./definitions/storage-rollup";

/**
 * Every job Howdah runs, in one place: the worker registers exactly these.
 * The status page's round is not among them: it must run while Redis is
 * down, so the web process runs it on a timer (lib/status/refresh-loop.ts).
 */
export const JOBS: JobDefinition[] = [
  sampleInstanceJob,
  sampleSidekiqJob,
  rollupSidekiqHistoryJob,
  storageRollupJob,
  storageReconcileJob,
  relayTrafficRollupJob,
  blockBatchJob,
  blocklistSyncJob,
  domainCountsRollupJob,
  retentionRollupJob,
  evaluateAlertsJob,
];

export function findJob(name: string): JobDefinition | undefined {
  return JOBS.find((job) => job.name === name);
}
