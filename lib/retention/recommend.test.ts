import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestInstance, FIXTURE_VERSIONS, type TestInstance } from "@/dev/testing/test-instance";
import { addDays } from "@/lib/storage/forecast-math";
import { runReconcile } from "@/lib/storage/reconcile";
import { readRecommendation, recommendInput } from "./recommend";

/**
 * The recommended period on generated 4.3 and 4.6 instances, read from the
 * storage rollups a real backfill wrote: nothing before the first count, a
 * question without a capacity, bad input refused, and the curve's bytes equal
 * to a direct sum of the remote cache's daily arrivals in Howdah's rollups.
 */
describe.each(FIXTURE_VERSIONS)("the recommended media-cache period on Mastodon %s", (version) => {
  let t: TestInstance;

  beforeAll(async () => {
    t = await createTestInstance("retention_recommend", version);
  }, 600_000);
  afterAll(async () => {
    await t?.close();
  });

  it("waits for the first count, then asks for a capacity, then recommends from the rollups", async () => {
    const counting = await readRecommendation(t.context, recommendInput.parse({ capacity: "1 TB" }));
    expect(counting.status).toBe("counting");

    await runReconcile(t.context, { budgetMs: Infinity, incremental: { marginMs: 0 } });
    const noCapacity = await readRecommendation(t.context, recommendInput.parse({}));
    expect(noCapacity).toMatchObject({ status: "no_capacity" });

    const view = await readRecommendation(t.context, recommendInput.parse({ capacity: "2 GB", fill: "80" }));
    if (view.status !== "ready") throw new Error(view.summary);
    expect(view).toMatchObject({ capacityBytes: 2e9, capacityFrom: "entered", fill: 80, horizonDays: 365 });

    const store = (await t.context.store()).pool;
    const today = new Date().toISOString().slice(0, 10);
    const window = view.rateWindowDays;
    const { rows } = await store.query<{ bytes: string }>(
      `SELECT coalesce(sum(added_bytes), 0)::text AS bytes FROM howdah.storage_day_totals
        WHERE day >= $1::date AND day < $2::date
          AND (kind = 'preview_cards' OR (kind = 'attachments' AND origin = 'remote'))`,
      [addDays(today, -Math.min(window, 7)), today],
    );
    expect(Number(rows[0]!.bytes)).toBeGreaterThan(0);
    expect(view.curve.find((p) => p.days === 7)?.bytes).toBe(Number(rows[0]!.bytes));
    for (let i = 1; i < view.curve.length; i++)
      expect(view.curve[i]!.bytes).toBeGreaterThanOrEqual(view.curve[i - 1]!.bytes);
    if (view.recommendation.kind === "period") {
      expect(view.restAtHorizon + view.curve[0]!.bytes).toBeLessThanOrEqual(0.8 * 2e9);
      expect(view.summary).toMatch(`At most ${view.recommendation.days} day`);
    }

    // A tiny disk: even one day of cache does not fit beside what is already there.
    const tiny = await readRecommendation(t.context, recommendInput.parse({ capacity: "1000" }));
    expect(tiny).toMatchObject({ status: "ready", recommendation: { kind: "none" } });
    expect(tiny.summary).toMatch(/No media cache period keeps the disk under 80%/);
  });

  it("refuses bad input with a sentence", async () => {
    expect(recommendInput.safeParse({ fill: "5" }).error?.issues[0]?.message).toMatch(/under 10%/);
    expect(recommendInput.safeParse({ fill: "eighty" }).error?.issues[0]?.message).toMatch(/percentage/);
    expect(recommendInput.safeParse({ horizonDays: "99999" }).error?.issues[0]?.message).toMatch(/at most 10 years/);
    await expect(readRecommendation(t.context, recommendInput.parse({ capacity: "lots" }))).rejects.toThrow(
      /Give a size/,
    );
  });
});
