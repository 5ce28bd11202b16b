import bcrypt from "bcryptjs";
import { readdirSync, readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { afterAll, describe, expect, it } from "vitest";
import { createPasswordHasher } from "./password-hasher";

// Mastodon's cost (Devise stretches 10): about 100 ms of CPU per check.
const HASH = bcrypt.hashSync("correct horse", 10);

describe("the password-hashing pool", () => {
  const hasher = createPasswordHasher({ threads: 1, queue: 2 });
  afterAll(() => hasher.close());

  it("checks passwords as bcrypt does", async () => {
    expect(await hasher.compare("correct horse", HASH)).toBe(true);
    expect(await hasher.compare("wrong horse", HASH)).toBe(false);
  });

  it("admits threads + queue checks at once and turns the rest away as busy", async () => {
    const results = await Promise.all(Array.from({ length: 5 }, () => hasher.compare("correct horse", HASH)));
    expect(results).toEqual([true, true, true, "busy", "busy"]);
    expect(hasher.saturated()).toBe(false);
  });

  it("keeps the event loop free while it hashes", async () => {
    // The event loop's utilisation while six checks run: bcryptjs's own async compare on the
    // loop (what sign-in did before) keeps it busy; the pool leaves it idle.
    const busyWhile = async (run: () => Promise<unknown>) => {
      const before = performance.eventLoopUtilization();
      await run();
      return performance.eventLoopUtilization(before).utilization;
    };
    const six = (check: () => Promise<unknown>) => async () => {
      for (let i = 0; i < 2; i++) await Promise.all(Array.from({ length: 3 }, check));
    };
    const onLoop = await busyWhile(six(() => bcrypt.compare("correct horse", HASH)));
    const inPool = await busyWhile(six(() => hasher.compare("correct horse", HASH)));
    expect(onLoop).toBeGreaterThan(0.8);
    expect(inPool).toBeLessThan(0.2);
  });
});

describe("the hashing threads' priority", () => {
  it.runIf(process.platform === "linux")("is the lowest, for those threads alone", async () => {
    const hasher = createPasswordHasher({ threads: 1, queue: 0 });
    try {
      await hasher.compare("correct horse", HASH);
      // /proc/self/task/<tid>/stat: the 19th field is the thread's nice value.
      const niceOf = (tid: string) => {
        const stat = readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
        return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[16]);
      };
      const nices = readdirSync("/proc/self/task").map(niceOf);
      expect(nices).toContain(19);
      expect(niceOf(String(process.pid))).toBe(0);
    } finally {
      await hasher.close();
    }
  });
});
