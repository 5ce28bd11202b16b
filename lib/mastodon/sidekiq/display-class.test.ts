// Job names as Sidekiq's Web UI shows them (JobRecord#display_class), on payloads
// built in each Sidekiq version's exact format by the fixtures.
import { describe, expect, it } from "vitest";
import {
  enqueuedJobJson,
  globalId,
  mailerJobSpec,
  processRecord,
  seededRandom,
  type SidekiqFormat,
} from "@/dev/fixtures/sidekiq";
import { readJobFields } from "./job-fields";
import { parseProcess, PROCESS_FIELDS } from "./processes";

const FORMATS: SidekiqFormat[] = ["6.5", "7.3", "8.0", "8.1"];
const T0 = Date.UTC(2025, 7, 6, 12, 0, 0);
const ctx = () => ({ rng: seededRandom(3), now: () => T0 });

describe.each(FORMATS)("Sidekiq %s payloads", (f) => {
  it("names a mail delivery <Mailer>#<method>, as Sidekiq's Web UI does", () => {
    const spec = mailerJobSpec(f, { mailer: "UserMailer", action: "confirmation_instructions", enqueuedAt: T0 }, ctx());
    const json = enqueuedJobJson(f, spec, ctx());
    const fields = readJobFields(json)!;
    expect(fields.class).toBe(
      f === "6.5" || f === "7.3"
        ? "ActiveJob::QueueAdapters::SidekiqAdapter::JobWrapper"
        : "Sidekiq::ActiveJob::Wrapper",
    );
    expect(fields.wrapped).toBe("ActionMailer::MailDeliveryJob");
    expect(fields.displayClass).toBe("UserMailer#confirmation_instructions");
  });

  it("names a parameterised mailer the same way", () => {
    const spec = mailerJobSpec(
      f,
      {
        mailer: "NotificationMailer",
        action: "mention",
        params: [
          ["recipient", globalId("Account", 1)],
          ["notification", globalId("Notification", 2)],
        ],
        enqueuedAt: T0,
      },
      ctx(),
    );
    expect(readJobFields(enqueuedJobJson(f, spec, ctx()))!.displayClass).toBe("NotificationMailer#mention");
  });

  it("keeps a plain worker's class", () => {
    const json = enqueuedJobJson(
      f,
      { class: "ActivityPub::DeliveryWorker", args: ["{}", 1, "https://a.example/inbox"] },
      ctx(),
    );
    expect(readJobFields(json)!.displayClass).toBe("ActivityPub::DeliveryWorker");
  });
});

describe("display class rules", () => {
  const wrapper = "Sidekiq::ActiveJob::Wrapper";
  it("prefers an explicit display_class, then the wrapped job, then the first argument", () => {
    expect(readJobFields(`{"class":"X","display_class":"Shown","args":[]}`)!.displayClass).toBe("Shown");
    expect(readJobFields(`{"class":"${wrapper}","wrapped":"SomeJob","args":[{}]}`)!.displayClass).toBe("SomeJob");
    expect(readJobFields(`{"class":"${wrapper}","args":["OtherJob"]}`)!.displayClass).toBe("OtherJob");
  });

  it("falls back to the job class when a mail job's arguments are unreadable", () => {
    const json = `{"class":"${wrapper}","wrapped":"ActionMailer::MailDeliveryJob","args":[{"arguments":7}]}`;
    expect(readJobFields(json)!.displayClass).toBe("ActionMailer::MailDeliveryJob");
  });
});

describe.each(FORMATS)("Sidekiq %s busy threads", (f) => {
  const record = (runAt: number, startedAt = T0 - 3_600_000) =>
    processRecord(f, {
      hostname: "w1",
      pid: 7,
      nonce: "0123456789ab",
      startedAt,
      beat: T0,
      busy: [{ job: { class: "LinkCrawlWorker", args: [1], createdAt: T0 - 5_000 }, runAt }],
    });
  const parse = (runAt: number, startedAt?: number) => {
    const r = record(runAt, startedAt);
    const hash = new Map(r.fields);
    return parseProcess(
      r.identity,
      PROCESS_FIELDS.map((k) => hash.get(k) ?? null),
      Object.fromEntries(r.work),
      T0 + 2_000,
    ).running[0]!;
  };

  it("reads run_at (Integer seconds) as the time the job started", () => {
    expect(parse(T0 - 42_000).runAt).toBe(T0 - 42_000);
  });

  it("shows impossible start times as unknown", () => {
    // The old demo simulator's bug: seconds divided by 1000 once more (1970).
    expect(parse((T0 - 42_000) / 1000).runAt).toBeNull();
    // Before the process started, after its last heartbeat, or over a year ago.
    expect(parse(T0 - 7_200_000).runAt).toBeNull();
    expect(parse(T0 + 60_000).runAt).toBeNull();
    expect(parse(T0 - 400 * 86_400_000, T0 - 500 * 86_400_000).runAt).toBeNull();
  });
});
