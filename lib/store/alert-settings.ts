import "server-only";
import type { Store } from "./connection";

/**
 * The Queues page's alert settings in Howdah's store: per-queue latency
 * thresholds an admin changed (howdah.queue_latency_thresholds) and the
 * growth alert settings (the one row of howdah.queue_alert_settings).
 */
export interface GrowthSettings {
  retryGrowth: number;
  retryWindowMinutes: number;
  deadGrowth: number;
  deadWindowMinutes: number;
}

export interface StoredAlertSettings {
  thresholds: { queue: string; thresholdSeconds: number; updatedAt: Date; updatedBy: string | null }[];
  growth: (GrowthSettings & { updatedAt: Date; updatedBy: string | null }) | null;
}

export async function readAlertSettings(store: Store): Promise<StoredAlertSettings> {
  // findFirst, not findUnique: Prisma batches concurrent findUniques into an
  // `in` filter, which a boolean key does not support.
  const [thresholds, growth] = await Promise.all([
    store.prisma.queueLatencyThreshold.findMany(),
    store.prisma.queueAlertSettings.findFirst({ omit: { id: true } }),
  ]);
  return { thresholds, growth };
}

/**
 * Applies the changes in one transaction: a threshold of null removes the
 * queue's override; growth settings, when given, replace the stored ones.
 */
export async function writeAlertSettings(
  store: Store,
  changes: { thresholds: { queue: string; seconds: number | null }[]; growth?: GrowthSettings },
  actorAcct: string,
): Promise<void> {
  await store.prisma.$transaction(async (tx) => {
    for (const { queue, seconds } of changes.thresholds) {
      if (seconds === null) await tx.queueLatencyThreshold.deleteMany({ where: { queue } });
      else {
        await tx.queueLatencyThreshold.upsert({
          where: { queue },
          create: { queue, thresholdSeconds: seconds, updatedBy: actorAcct },
          update: { thresholdSeconds: seconds, updatedBy: actorAcct, updatedAt: new Date() },
        });
      }
    }
    if (changes.growth) {
      await tx.queueAlertSettings.upsert({
        where: { id: true },
        create: { id: true, ...changes.growth, updatedBy: actorAcct },
        update: { ...changes.growth, updatedBy: actorAcct, updatedAt: new Date() },
      });
    }
  });
}
