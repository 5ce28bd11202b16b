// The Queues poll's shared reading: one reading per permission variant for up
// to a second, a fresh one on request, and none kept across a job action.
import { beforeEach, describe, expect, it } from "vitest";
import { Permissions, PERMISSION_BITS } from "@/lib/auth/permissions";
import { SidekiqWriter } from "@/dev/fixtures/sidekiq";
import { clearQueueTables, useQueuesTestContext } from "@/dev/testing/queues-test-context";
import { runBulkAction } from "./actions";
import { SHARE_MS, sharedSummaryJson } from "./summary-share";
import type { QueuesSummary } from "./summary";

const t = useQueuesTestContext("share", "4.6");
const admin = { permissions: Permissions.fromBits(PERMISSION_BITS.view_dashboard) };
const owner = { permissions: Permissions.fromRoles(0, PERMISSION_BITS.administrator) };
const ownerActor = {
  staff: { accountId: "1", acct: "owner" },
  ip: null,
};
const read = async (staff: typeof admin, options: { fresh?: boolean; now?: number } = {}) =>
  JSON.parse(await sharedSummaryJson(t.context, staff, options)) as QueuesSummary;

beforeEach(async () => {
  await clearQueueTables(t.db);
});

describe("sharedSummaryJson", () => {
  it("answers polls within a second from one reading, per permission variant, and a fresh one on request", async () => {
    const now = Date.now();
    const w = new SidekiqWriter(t.redis, { format: "8.1", seed: 5 });
    await w.enqueue("default", [{ class: "LinkCrawlWorker", args: [1], createdAt: now }]);
    const first = await read(admin, { now, fresh: true });
    expect(first.totals.enqueued).toBe(1);
    await w.enqueue("default", [{ class: "LinkCrawlWorker", args: [2], createdAt: now }]);
    // Same reading within the interval, for the same variant…
    expect(await read(admin, { now: now + SHARE_MS - 1 })).toEqual(first);
    // …but another variant (args and actions shown) takes its own, and never gets the other's.
    const forOwner = await read(owner, { now: now + 1 });
    expect(forOwner).toMatchObject({ canViewJobs: true, canManageJobs: true, totals: { enqueued: 2 } });
    expect(first).toMatchObject({ canViewJobs: false, canManageJobs: false });
    // A new reading after the interval, or when asked for.
    expect((await read(admin, { now: now + SHARE_MS })).totals.enqueued).toBe(2);
    await w.enqueue("default", [{ class: "LinkCrawlWorker", args: [3], createdAt: now }]);
    expect((await read(admin, { now: now + SHARE_MS, fresh: true })).totals.enqueued).toBe(3);
  });

  it("takes a new reading after a job action in this process", async () => {
    const now = Date.now();
    const w = new SidekiqWriter(t.redis, { format: "8.1", seed: 6 });
    await w.addDead([
      {
        job: { class: "LinkCrawlWorker", args: [1], createdAt: now - 60_000 },
        failure: { errorClass: "E", errorMessage: "m", failedAt: now - 1_000, retryCount: 0 },
        diedAt: now - 1_000,
      },
    ]);
    expect((await read(owner, { now, fresh: true })).totals.dead).toBe(1);
    await runBulkAction(t.context, ownerActor, { action: "delete_all_dead" });
    expect((await read(owner, { now: now + 1 })).totals.dead).toBe(0);
  });
});
