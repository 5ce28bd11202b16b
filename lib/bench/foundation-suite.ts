import { FIXTURE_USERS } from "@/lib/testing/fixture-users";
import { BENCH } from "./large-instance";
import { benchMemory } from "./memory-bench";
import { benchOverview } from "./overview-bench";
import type { BenchSuite } from "./suites";

export const foundationSuite: BenchSuite = {
  name: "foundation",
  async run({ context, env, log }) {
    log("overview API server time…");
    const overview = await benchOverview(context);
    log("web and worker memory (about a minute)…");
    const memory = await benchMemory(env, BENCH.port, FIXTURE_USERS.owner);
    return [...overview, ...memory];
  },
};
