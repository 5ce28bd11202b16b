import "server-only";

/** Mastodon's queues in config/sidekiq.yml order, then any others by name. */
const MASTODON_QUEUE_ORDER = ["default", "push", "ingress", "mailers", "pull", "scheduler", "fasp"];

export function compareQueues(a: string, b: string): number {
  const ia = MASTODON_QUEUE_ORDER.indexOf(a);
  const ib = MASTODON_QUEUE_ORDER.indexOf(b);
  if (ia >= 0 || ib >= 0) return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib);
  return a.localeCompare(b);
}
