import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { enqueuedJobJson } from "@/dev/fixtures/sidekiq/formats";
import type { SidekiqFormat } from "@/lib/mastodon/version";
import { lockRelaysRedis, type RelaysTestRedis } from "@/dev/testing/relays-test-support";
import { buildJobPayload, DELIVERY_WORKER, enqueueJob, newJid, queueOf } from "./enqueue";
import { rubyFloatToS, SidekiqFloat, toRubyJson } from "./ruby-json";

const FORMATS: SidekiqFormat[] = ["6.5", "7.3", "8.0", "8.1"];
const FOLLOW =
  '{"@context":"https://www.w3.org/ns/activitystreams","id":"https://howdah.test/0b6f","type":"Follow","actor":"https://howdah.test/actor","object":"https://www.w3.org/ns/activitystreams#Public"}';
const ARGS = [FOLLOW, -99, "https://relay.example/inbox"];
const JID = "0123456789abcdef01234567";

describe("the job payload", () => {
  it.each(FORMATS)("is byte for byte what the Sidekiq %s fixtures build for perform_async", (format) => {
    const createdAt = 1_754_480_000_123;
    const enqueuedAt = 1_754_480_000_125;
    const ours = buildJobPayload(format, DELIVERY_WORKER, ARGS, {
      jid: JID,
      createdAtMs: createdAt,
      enqueuedAtMs: enqueuedAt,
    });
    const theirs = enqueuedJobJson(format, {
      class: DELIVERY_WORKER.className,
      args: ARGS,
      via: "perform_async",
      jid: JID,
      createdAt,
      enqueuedAt,
    });
    expect(ours).toBe(theirs);
  });

  it("puts the keys in Sidekiq's order with the unit of each version", () => {
    const at = { jid: JID, createdAtMs: 1_754_480_000_000, enqueuedAtMs: 1_754_480_000_250 };
    const args = ["x", -99, "https://relay.example/inbox"];
    expect(buildJobPayload("6.5", DELIVERY_WORKER, args, at)).toBe(
      `{"retry":16,"queue":"push","dead":false,"args":["x",-99,"https://relay.example/inbox"],"class":"ActivityPub::DeliveryWorker","jid":"${JID}","created_at":1754480000.0,"enqueued_at":1754480000.25}`,
    );
    expect(buildJobPayload("8.1", DELIVERY_WORKER, args, at)).toBe(
      `{"retry":16,"queue":"push","dead":false,"args":["x",-99,"https://relay.example/inbox"],"class":"ActivityPub::DeliveryWorker","jid":"${JID}","created_at":1754480000000,"enqueued_at":1754480000250}`,
    );
  });

  it("keeps snowflake ids beyond 2^53 and Ruby's Float spelling", () => {
    expect(toRubyJson([116970255582526586n, new SidekiqFloat(1.5e-5), new SidekiqFloat(2)])).toBe(
      "[116970255582526586,1.5e-05,2.0]",
    );
    expect(rubyFloatToS(1e16)).toBe("1.0e+16");
    expect(() => toRubyJson([0.5])).toThrow(/Integer/);
  });

  it("makes 24-hex jids and knows the worker's queue", () => {
    expect(newJid()).toMatch(/^[0-9a-f]{24}$/);
    expect(queueOf(DELIVERY_WORKER)).toBe("push");
    expect(() => buildJobPayload("8.1", DELIVERY_WORKER, [], { jid: "nope", createdAtMs: 0, enqueuedAtMs: 0 })).toThrow(
      /24/,
    );
  });
});

describe("enqueueJob", () => {
  let test: RelaysTestRedis;
  beforeAll(async () => {
    test = await lockRelaysRedis();
  }, 600_000);
  beforeEach(async () => test.clear());
  afterAll(async () => test.release());

  it("adds the queue to `queues` and LPUSHes the job, so it is the next one a fetcher takes", async () => {
    const { redis } = test;
    await redis.lpush("queue:push", "older");
    let t = 1_754_480_000_000;
    const job = await enqueueJob({ redis, keyPrefix: "", format: "8.1" }, DELIVERY_WORKER, ARGS, {
      now: () => (t += 7),
    });
    expect(job.queue).toBe("push");
    expect(job.jid).toMatch(/^[0-9a-f]{24}$/);
    expect(await redis.smembers("queues")).toEqual(["push"]);
    expect(await redis.lrange("queue:push", 0, -1)).toEqual([job.payload, "older"]);
    expect(job.payload).toContain(`"jid":"${job.jid}","created_at":1754480000007,"enqueued_at":1754480000014}`);
  });

  it("writes under REDIS_NAMESPACE on Mastodon 4.3 and nowhere else", async () => {
    const { redis } = test;
    const job = await enqueueJob({ redis, keyPrefix: "mastodon:", format: "6.5" }, DELIVERY_WORKER, ARGS);
    expect(await redis.keys("*")).toEqual(expect.arrayContaining(["mastodon:queues", "mastodon:queue:push"]));
    expect((await redis.keys("*")).filter((k) => !k.startsWith("mastodon:") && !k.startsWith("howdah-test:"))).toEqual(
      [],
    );
    expect(await redis.lindex("mastodon:queue:push", -1)).toBe(job.payload);
    expect(job.payload).toMatch(/"created_at":\d{10}\.\d+,"enqueued_at":\d{10}\.\d+\}$/);
  });
});
