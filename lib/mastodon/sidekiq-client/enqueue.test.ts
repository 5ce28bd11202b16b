import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  buildJob,
  enqueuedJobJson,
  findWorker,
  mailerJobSpec,
  parseJob,
  scheduledJobJson,
  withEnqueuedAt,
} from "@/dev/fixtures/sidekiq";
import { lockRelaysRedis, type RelaysTestRedis } from "@/dev/testing/relays-test-support";
import { readJobFields } from "@/lib/mastodon/sidekiq/job-fields";
import { sidekiqKeys } from "@/lib/mastodon/sidekiq/keys";
import { parseRubyJson, RubyFloat, rubyFloatToS, toRubyJson } from "@/lib/mastodon/sidekiq/ruby-json";
import type { SidekiqFormat } from "@/lib/mastodon/version";
import { enqueueJob, enqueueMailDelivery } from "./enqueue";
import {
  buildJobPayload,
  globalId,
  iso8601Nanos,
  mailDeliveryJobSpec,
  newJid,
  serializeMailDeliveryJob,
  type MailDelivery,
} from "./job-payload";
import * as WORKERS from "./workers";

const FORMATS: SidekiqFormat[] = ["6.5", "7.3", "8.0", "8.1"];
const FOLLOW =
  '{"@context":"https://www.w3.org/ns/activitystreams","id":"https://howdah.test/0b6f","type":"Follow","actor":"https://howdah.test/actor","object":"https://www.w3.org/ns/activitystreams#Public"}';
const ARGS = [FOLLOW, -99, "https://relay.example/inbox"];
const JID = "0123456789abcdef01234567";
const JOB_ID = "5d3f0c1e-7a2b-4c6d-8e9f-0a1b2c3d4e5f";
const { DELIVERY_WORKER, DOMAIN_PURGE_WORKER } = WORKERS;

/** UserMailer.warning(user, warning).deliver_later! (Admin::AccountAction / BaseAction). */
const WARNING_MAIL: MailDelivery = {
  mailer: "UserMailer",
  action: "warning",
  deliveryMethod: "deliver_now!",
  args: [globalId("User", 7), globalId("AccountWarning", 55)],
  locale: "en",
};

describe("the job payload", () => {
  it.each(FORMATS)("is byte for byte what the Sidekiq %s fixtures build for perform_async", (format) => {
    const createdAt = 1_754_480_000_123;
    const enqueuedAt = 1_754_480_000_125;
    const ours = buildJobPayload(
      format,
      { ...DELIVERY_WORKER, args: ARGS },
      { jid: JID, createdAtMs: createdAt, enqueuedAtMs: enqueuedAt },
    );
    const theirs = enqueuedJobJson(format, {
      class: DELIVERY_WORKER.class,
      args: ARGS,
      via: "perform_async",
      jid: JID,
      createdAt,
      enqueuedAt,
    });
    expect(ours).toBe(theirs);
  });

  it.each(FORMATS)("matches the %s fixtures for perform_in, a queue override and a lock worker", (format) => {
    const times = { jid: JID, createdAtMs: 1_754_480_000_500 };
    const scheduled = buildJobPayload(format, { class: "DomainBlockWorker", args: [42], via: "perform_in" }, times);
    expect(scheduled).toBe(
      scheduledJobJson(format, {
        class: "DomainBlockWorker",
        args: [42],
        options: [],
        via: "perform_in",
        jid: JID,
        createdAt: times.createdAtMs,
      }),
    );
    const moved = buildJobPayload(format, { class: "DomainBlockWorker", args: [42], set: [["queue", "pull"]] }, times);
    expect(moved).toBe(
      scheduledJobJson(format, {
        class: "DomainBlockWorker",
        args: [42],
        options: [],
        set: [["queue", "pull"]],
        jid: JID,
        createdAt: times.createdAtMs,
      }),
    );
    const locked = buildJobPayload(
      format,
      { ...DOMAIN_PURGE_WORKER, args: ["spam.example"] },
      { ...times, enqueuedAtMs: times.createdAtMs },
    );
    expect(locked).toMatch(
      new RegExp(
        '^\\{"retry":true,"queue":"pull","lock":"until_executed","lock_ttl":604800,' +
          '"args":\\["spam\\.example"\\],"class":"Admin::DomainPurgeWorker"',
      ),
    );
  });

  it("puts the keys in Sidekiq's order with the unit of each version", () => {
    const at = { jid: JID, createdAtMs: 1_754_480_000_000, enqueuedAtMs: 1_754_480_000_250 };
    const spec = { ...DELIVERY_WORKER, args: ["x", -99, "https://relay.example/inbox"] };
    const head = `{"retry":16,"queue":"push","dead":false,"args":["x",-99,"https://relay.example/inbox"],"class":"ActivityPub::DeliveryWorker","jid":"${JID}"`;
    expect(buildJobPayload("6.5", spec, at)).toBe(`${head},"created_at":1754480000.0,"enqueued_at":1754480000.25}`);
    expect(buildJobPayload("7.3", spec, at)).toBe(`${head},"created_at":1754480000.0,"enqueued_at":1754480000.25}`);
    expect(buildJobPayload("8.0", spec, at)).toBe(`${head},"created_at":1754480000000,"enqueued_at":1754480000250}`);
    expect(buildJobPayload("8.1", spec, at)).toBe(`${head},"created_at":1754480000000,"enqueued_at":1754480000250}`);
  });

  it("uses the worker options the fixtures' Mastodon catalogue knows", () => {
    for (const worker of Object.values(WORKERS)) {
      if (typeof worker !== "object" || !("options" in worker)) continue;
      const known = findWorker(worker.class);
      if (known) expect([worker.class, worker.options]).toEqual([worker.class, known.options]);
    }
  });

  it("keeps snowflake ids beyond 2^53 and Ruby's Float spelling", () => {
    expect(toRubyJson([116970255582526586n, new RubyFloat(1.5e-5), new RubyFloat(2)])).toBe(
      "[116970255582526586,1.5e-05,2.0]",
    );
    expect(rubyFloatToS(1e16)).toBe("1.0e+16");
    expect(() => toRubyJson([0.5])).toThrow(/Integer/);
  });

  it("makes 24-hex jids and refuses anything else", () => {
    expect(newJid()).toMatch(/^[0-9a-f]{24}$/);
    const spec = { ...DELIVERY_WORKER, args: [] };
    expect(() => buildJobPayload("8.1", spec, { jid: "nope", createdAtMs: 0 })).toThrow(/24/);
  });
});

describe("the deliver_later mail job", () => {
  const enqueuedAt = 1_779_282_000_123;
  const expected = (format: SidekiqFormat, cls: string, times: string) =>
    '{"retry":true,"queue":"mailers","wrapped":"ActionMailer::MailDeliveryJob","args":[{' +
    `"job_class":"ActionMailer::MailDeliveryJob","job_id":"${JOB_ID}","provider_job_id":null,` +
    '"queue_name":"mailers","priority":null,"arguments":["UserMailer","warning","deliver_now!",' +
    '{"args":[{"_aj_globalid":"gid://mastodon/User/7"},{"_aj_globalid":"gid://mastodon/AccountWarning/55"}],' +
    '"_aj_ruby2_keywords":["args"]}],"executions":0,"exception_executions":{},"locale":"en","timezone":"UTC",' +
    `"enqueued_at":"2026-05-20T13:00:00.123000000Z","scheduled_at":null}],"class":"${cls}","jid":"${JID}",${times}}`;

  it.each([
    [
      "6.5",
      "ActiveJob::QueueAdapters::SidekiqAdapter::JobWrapper",
      '"created_at":1779282000.124,"enqueued_at":1779282000.125',
    ],
    [
      "7.3",
      "ActiveJob::QueueAdapters::SidekiqAdapter::JobWrapper",
      '"created_at":1779282000.124,"enqueued_at":1779282000.125',
    ],
    ["8.0", "Sidekiq::ActiveJob::Wrapper", '"created_at":1779282000124,"enqueued_at":1779282000125'],
    ["8.1", "Sidekiq::ActiveJob::Wrapper", '"created_at":1779282000124,"enqueued_at":1779282000125'],
  ] as const)("is what Mastodon writes on Sidekiq %s, ActiveJob wrapper included", (format, cls, times) => {
    const serialized = serializeMailDeliveryJob(WARNING_MAIL, { jobId: JOB_ID, enqueuedAtMs: enqueuedAt });
    const payload = buildJobPayload(format, mailDeliveryJobSpec(format, serialized), {
      jid: JID,
      createdAtMs: enqueuedAt + 1,
      enqueuedAtMs: enqueuedAt + 2,
    });
    expect(payload).toBe(expected(format, cls, times));

    // The fixtures' independent builder agrees (it writes the `deliver_now` of deliver_later, with params).
    const params: [string, string][] = [["recipient", "gid"]];
    const fixture = mailerJobSpec(format, {
      mailer: "NotificationMailer",
      action: "mention",
      params,
      args: [],
      enqueuedAt,
      jobId: JOB_ID,
    });
    const ours = serializeMailDeliveryJob(
      {
        mailer: "NotificationMailer",
        action: "mention",
        deliveryMethod: "deliver_now",
        params,
        args: [],
        locale: "en",
      },
      { jobId: JOB_ID, enqueuedAtMs: enqueuedAt },
    );
    const times2 = { jid: JID, createdAtMs: enqueuedAt, enqueuedAtMs: enqueuedAt };
    expect(buildJobPayload(format, mailDeliveryJobSpec(format, ours), times2)).toBe(
      toRubyJson(withEnqueuedAt(format, buildJob(format, { ...fixture, jid: JID }), enqueuedAt)),
    );

    // Read back by the fixtures' parser (byte-exact re-dump) and the product's job reader.
    expect(toRubyJson(parseJob(format, payload))).toBe(payload);
    expect(readJobFields(payload)).toMatchObject({
      class: cls,
      wrapped: "ActionMailer::MailDeliveryJob",
      displayClass: "UserMailer#warning",
      queue: "mailers",
      jid: JID,
      createdAt: enqueuedAt + 1,
      enqueuedAt: enqueuedAt + 2,
    });
  });

  it("writes ActiveJob's times with nanoseconds", () => {
    expect(iso8601Nanos(Date.UTC(2026, 4, 20, 13, 0, 0, 123))).toBe("2026-05-20T13:00:00.123000000Z");
    expect(iso8601Nanos(Date.UTC(2026, 4, 20, 13, 0, 0, 123) + 0.4567)).toBe("2026-05-20T13:00:00.123457000Z");
  });
});

describe("enqueueJob and enqueueMailDelivery on Redis", () => {
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
    const job = await enqueueJob(
      redis,
      sidekiqKeys(""),
      "8.1",
      { ...DELIVERY_WORKER, args: ARGS },
      { now: () => (t += 7) },
    );
    expect(job).toMatchObject({ queue: "push", className: "ActivityPub::DeliveryWorker", scheduledAt: null });
    expect(job.jid).toMatch(/^[0-9a-f]{24}$/);
    expect(await redis.smembers("queues")).toEqual(["push"]);
    expect(await redis.lrange("queue:push", 0, -1)).toEqual([job.payload, "older"]);
    expect(job.payload).toContain(`"jid":"${job.jid}","created_at":1754480000007,"enqueued_at":1754480000014}`);
    expect(readJobFields(job.payload)).toMatchObject({
      class: DELIVERY_WORKER.class,
      queue: "push",
      createdAt: 1754480000007,
    });
  });

  it.each(FORMATS)("round-trips a Sidekiq %s job through both readers", async (format) => {
    const job = await enqueueJob(test.redis, sidekiqKeys(""), format, {
      class: "DomainBlockWorker",
      args: [116970255582526586n, true],
    });
    const stored = (await test.redis.lindex("queue:default", 0))!;
    expect(stored).toBe(job.payload);
    const parsed = parseJob(format, stored);
    expect(parsed.get("args")).toEqual([116970255582526586n, true]);
    expect(toRubyJson(parsed)).toBe(stored);
    const fields = readJobFields(stored)!;
    expect(fields).toMatchObject({
      class: "DomainBlockWorker",
      queue: "default",
      argsText: "[116970255582526586,true]",
    });
    expect(Math.abs(fields.createdAt! - Date.now())).toBeLessThan(60_000);
    expect(fields.enqueuedAt! - fields.createdAt!).toBeGreaterThanOrEqual(0);
  });

  it("writes under REDIS_NAMESPACE on Mastodon 4.3 and nowhere else", async () => {
    const { redis } = test;
    const job = await enqueueJob(redis, sidekiqKeys("mastodon:"), "6.5", { ...DELIVERY_WORKER, args: ARGS });
    expect(await redis.keys("*")).toEqual(expect.arrayContaining(["mastodon:queues", "mastodon:queue:push"]));
    expect((await redis.keys("*")).filter((k) => !k.startsWith("mastodon:") && !k.startsWith("howdah-test:"))).toEqual(
      [],
    );
    expect(await redis.lindex("mastodon:queue:push", -1)).toBe(job.payload);
    expect(await redis.smembers("mastodon:queues")).toEqual(["push"]);
    expect(job.payload).toMatch(/"created_at":\d{10}\.\d+,"enqueued_at":\d{10}\.\d+\}$/);
  });

  it("schedules a future job in `schedule` with Float seconds and no enqueued_at", async () => {
    const { redis } = test;
    const now = 1_754_480_000_000;
    const at = now + 120_000;
    for (const [format, prefix] of [
      ["6.5", "mastodon:"],
      ["8.1", ""],
    ] as const) {
      const job = await enqueueJob(
        redis,
        sidekiqKeys(prefix),
        format,
        { class: "DomainBlockWorker", args: [42], at, jid: JID },
        { now: () => now },
      );
      expect(job.scheduledAt).toBe(at);
      expect(job.payload).toBe(
        scheduledJobJson(format, {
          class: "DomainBlockWorker",
          args: [42],
          options: [],
          via: "perform_in",
          jid: JID,
          createdAt: now,
        }),
      );
      expect(await redis.zrange(`${prefix}schedule`, "0", "-1", "WITHSCORES")).toEqual([job.payload, "1754480120"]);
      expect(await redis.exists(`${prefix}queues`)).toBe(0);
    }
    // A past time enqueues now, in perform_in's key order.
    const past = await enqueueJob(redis, sidekiqKeys(""), "8.1", { class: "DomainBlockWorker", args: [1], at: 1 });
    expect(past.scheduledAt).toBeNull();
    expect(past.payload).toMatch(/^\{"retry":true,"queue":"default","class":"DomainBlockWorker","args":\[1\],"jid"/);
    expect(await redis.llen("queue:default")).toBe(1);
  });

  it.each([
    ["6.5", "mastodon:"],
    ["8.1", ""],
  ] as const)("enqueues UserMailer.warning on Sidekiq %s to the mailers queue", async (format, prefix) => {
    const { redis } = test;
    const mail = await enqueueMailDelivery(redis, sidekiqKeys(prefix), format, WARNING_MAIL);
    expect(mail.queue).toBe("mailers");
    expect(mail.activeJobId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(await redis.smembers(`${prefix}queues`)).toEqual(["mailers"]);
    const stored = (await redis.lindex(`${prefix}queue:mailers`, 0))!;
    expect(stored).toBe(mail.payload);
    const job = parseRubyJson(stored) as Map<string, unknown>;
    const inner = (job.get("args") as Map<string, unknown>[])[0]!;
    expect(inner.get("job_id")).toBe(mail.activeJobId);
    expect(inner.get("enqueued_at")).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/);
    expect(readJobFields(stored)).toMatchObject({ displayClass: "UserMailer#warning", jid: mail.jid });
  });

  it("schedules deliver_later(wait:) with scheduled_at set", async () => {
    const now = 1_754_480_000_000;
    const mail = await enqueueMailDelivery(
      test.redis,
      sidekiqKeys(""),
      "8.1",
      { ...WARNING_MAIL, at: now + 60_000 },
      { now: () => now, jid: JID, activeJobId: JOB_ID },
    );
    expect(mail.payload).toContain('"scheduled_at":"2025-08-06T11:34:20.000000000Z"}]');
    expect(mail.payload).toMatch(
      /"class":"Sidekiq::ActiveJob::Wrapper","jid":"0123456789abcdef01234567","created_at":1754480000000\}$/,
    );
    expect(await test.redis.zscore("schedule", mail.payload)).toBe("1754480060");
  });
});
