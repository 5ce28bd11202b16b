import { runAlertCycle } from "@/lib/alerts/notifier";
import { DEFAULT_RULE_SETTINGS, getRuleSettings, saveRuleSettings, type Levels } from "@/lib/alerts/rule-settings";
import { sampleSidekiq } from "@/lib/queues/sampler";
import { readAlertStates, replaceAlertStates } from "@/lib/store/alerting";
import { SidekiqWriter } from "@/dev/fixtures/sidekiq/writer";
import { figure, type Figure } from "./figures";
import { benchSidekiq, clearBenchSidekiq, populateBenchSidekiq, QUEUE_MIX } from "./queues-populate";
import type { BenchSuite } from "./suites";

/**
 * The worker's alert cycle (lib/jobs/definitions/evaluate-alerts.ts) with
 * 100 rules: the bench's Sidekiq (1M jobs, retries, dead, four processes)
 * plus 39 more queues, as an instance that splits its work over many worker
 * pools has, each queue with a latency rule and a size rule of its own
 * (2 × 46), and the eight single rules (retry growth, dead growth, no
 * process, process count, disk fill forecast, ingress delay, pending
 * blocklist changes, oldest unassigned report); the status components'
 * states come on top. No contact point is set, so the figure is the
 * evaluation and the state bookkeeping, not a mail server's answer time.
 * Worker time is the CPU the cycle costs the worker process and the wall
 * time it takes; the rule settings and alert states are put back after.
 */
const EXTRA_QUEUES = Array.from({ length: 39 }, (_, i) => `pool_${String(i + 1).padStart(2, "0")}`);
const SINGLE_RULES = 8;
const CYCLES = 30;

export const alertsSuite: BenchSuite = {
  name: "alerts",
  async run({ context, log }) {
    const { raw, redis, keys, format } = await benchSidekiq(context);
    log("alerts: populating Sidekiq (1M jobs and 39 more queues)…");
    await populateBenchSidekiq(redis, raw.readDb, format, () => undefined);
    const writer = new SidekiqWriter(redis, { format, seed: 5 });
    const now = Date.now();
    for (const [i, queue] of EXTRA_QUEUES.entries()) {
      await writer.enqueue(
        queue,
        Array.from({ length: 20 + i * 10 }, (_, k) => ({
          class: "LinkCrawlWorker",
          args: [k],
          createdAt: now - (i + 1) * 60_000,
          enqueuedAt: now - (i + 1) * 60_000 + k,
        })),
      );
    }
    const queues = [...Object.keys(QUEUE_MIX), ...EXTRA_QUEUES];
    const store = await context.store();
    const before = { rules: await getRuleSettings(store), states: await readAlertStates(store) };
    const perQueue: Record<string, Levels> = Object.fromEntries(
      queues.map((q, i) => [q, { warning: 100 + i * 50, critical: 10_000 + i * 1_000 }]),
    );
    await saveRuleSettings(
      store,
      {
        ...DEFAULT_RULE_SETTINGS,
        queueSize: { ...DEFAULT_RULE_SETTINGS.queueSize, perQueue },
        processesBelow: { warning: 8, critical: 2 },
        ingressDelay: { warning: 600, critical: 3_600 },
      },
      "bench",
    );
    const rules = queues.length * 2 + SINGLE_RULES;
    // The worker samples Sidekiq every 10 s and the cycle reads that sample, as in production.
    await sampleSidekiq(context);
    try {
      log(`alerts: ${CYCLES} cycles of ${rules} rules…`);
      const first = await runAlertCycle(context);
      const cpu: number[] = [];
      const wall: number[] = [];
      for (let i = 0; i < CYCLES; i++) {
        const startedCpu = process.cpuUsage();
        const started = performance.now();
        await runAlertCycle(context);
        wall.push(performance.now() - started);
        const used = process.cpuUsage(startedCpu);
        cpu.push((used.user + used.system) / 1000);
      }
      const p = (list: number[], q: number) => [...list].sort((a, b) => a - b)[Math.floor(q * (list.length - 1))]!;
      const round = (n: number) => Math.round(n * 100) / 100;
      log(
        `  ${first.firing + first.pending} conditions firing or pending; CPU median ${round(p(cpu, 0.5))} ms, ` +
          `p95 ${round(p(cpu, 0.95))} ms; wall median ${round(p(wall, 0.5))} ms, p95 ${round(p(wall, 0.95))} ms`,
      );
      const out: Figure[] = [
        figure(`alert cycle of ${rules} rules: worker CPU p95`, round(p(cpu, 0.95)), "ms", { max: 50 }),
        figure(`alert cycle of ${rules} rules: wall time p95`, round(p(wall, 0.95)), "ms", { max: 50 }),
      ];
      return out;
    } finally {
      await saveRuleSettings(store, before.rules.settings, before.rules.updatedBy ?? "bench");
      await replaceAlertStates(store, before.states);
      await clearBenchSidekiq(redis, keys);
      await redis.unlink(...EXTRA_QUEUES.map((q) => keys.queue(q)));
    }
  },
};
