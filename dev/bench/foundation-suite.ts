import { FIXTURE_USERS } from "@/dev/testing/fixture-users";
import { BENCH } from "./large-instance";
import { benchMemory } from "./memory-bench";
import { benchOverview } from "./overview-bench";
import { catchUpRollups } from "./settle";
import type { BenchSuite } from "./suites";

export const foundationSuite: BenchSuite = {
  name: "foundation",
  async run({ context, log }) {
    log("overview API server time…");
    return benchOverview(context);
  },
};

/**
 * Web and worker memory, run last: by then the other suites have brought the
 * worker's rollups up to date, and catchUpRollups makes sure of it (on a
 * fresh instance, or with --only memory), so the figures are the steady
 * state. The first backfill's memory is the storage suite's figure.
 */
export const memorySuite: BenchSuite = {
  name: "memory",
  async run({ context, env, log }) {
    log("bringing the worker's rollups up to date first…");
    await catchUpRollups(context, log);
    log("web and worker memory (about a minute)…");
    return benchMemory(env, BENCH.port, FIXTURE_USERS.owner);
  },
};
