import type { ServerContext } from "@/lib/server/context";
import type { Figure } from "./figures";
import { alertsSuite } from "./alerts-suite";
import { federationSuite } from "./federation-suite";
import { foundationSuite, memorySuite } from "./foundation-suite";
import { pagesSuite } from "./pages-suite";
import { queuesSuite } from "./queues-suite";
import { relaysSuite } from "./relays-suite";
import { retentionSuite } from "./retention-suite";
import { reportsSuite } from "./reports-suite";
import { signInFloodSuite } from "./sign-in-flood-suite";
import { storageSuite } from "./storage-suite";
import { statusSuite } from "./status-suite";

/**
 * Each area's benchmark, run in this order against the large instance.
 * A suite gets a context wired to it (database howdah_bench, Redis DB 8).
 */
export interface BenchEnv {
  context: ServerContext;
  env: Record<string, string>;
  log: (line: string) => void;
  /** Where a suite's own servers listen (and the next few ports); the bench's 3201 when absent. */
  webPort?: number;
}

export interface BenchSuite {
  name: string;
  run(bench: BenchEnv): Promise<Figure[]>;
}

export const SUITES: BenchSuite[] = [
  foundationSuite,
  queuesSuite,
  storageSuite,
  retentionSuite,
  relaysSuite,
  pagesSuite,
  reportsSuite,
  statusSuite,
  alertsSuite,
  signInFloodSuite,
  federationSuite,
  memorySuite,
];
