import "server-only";
import type { JobDefinition } from "./job-definition";
import { sampleInstanceJob } from "./definitions/sample-instance";
import { relayTrafficRollupJob } from "./definitions/relay-traffic-rollup";
import { rollupSidekiqHistoryJob } from "./definitions/rollup-sidekiq-history";
import { sampleSidekiqJob } from "./definitions/sample-sidekiq";
import { statusRefreshJob } from "./definitions/status-refresh";
import { storageReconcileJob } from "./definitions/storage-reconcile";
import { storageRollupJob } from "./definitions/storage-rollup";

/** Every job Howdah runs, in one place: the worker registers exactly these. */
export const JOBS: JobDefinition[] = [
  sampleInstanceJob,
  sampleSidekiqJob,
  rollupSidekiqHistoryJob,
  statusRefreshJob,
  storageRollupJob,
  storageReconcileJob,
  relayTrafficRollupJob,
];

export function findJob(name: string): JobDefinition | undefined {
  return JOBS.find((job) => job.name === name);
}
