import "server-only";
import type { RubyValue } from "@/lib/mastodon/sidekiq/ruby-json";

/**
 * The Mastodon workers Howdah's write flows enqueue, with their
 * `sidekiq_options` in declaration order, read in app/workers/**.rb at
 * v4.3.23 (efb25b6aa2) and v4.6.5 (1440d55b13): identical in both unless
 * noted. Sidekiq's client merges these over {"retry"=>true,"queue"=>"default"}
 * before the job is written (JobUtil#normalize_item), so they are part of
 * the stored bytes.
 *
 * Symbols (`lock: :until_executed`) are dumped by JSON as strings, and
 * `1.week.to_i` is the Integer 604800.
 */
export interface SidekiqWorker {
  /** The Ruby class name, as Sidekiq stores it in "class". */
  class: string;
  /** The class's sidekiq_options, in declaration order. */
  options: ReadonlyArray<readonly [string, RubyValue]>;
}

const WEEK = 7 * 24 * 3600;

/** `sidekiq_options queue: 'push', retry: 16, dead: false`. */
export const DELIVERY_WORKER: SidekiqWorker = {
  class: "ActivityPub::DeliveryWorker",
  options: [
    ["queue", "push"],
    ["retry", 16],
    ["dead", false],
  ],
};

/** No options: queue default. Args `[domain_block_id]` or `[id, update]`. */
export const DOMAIN_BLOCK_WORKER: SidekiqWorker = { class: "DomainBlockWorker", options: [] };

/** `sidekiq_options queue: 'pull'`. Args `[domain_block_id]`. */
export const DOMAIN_CLEAR_MEDIA_WORKER: SidekiqWorker = {
  class: "DomainClearMediaWorker",
  options: [["queue", "pull"]],
};

/** 4.4+ only (a Sidekiq::IterableJob with default options). Args `[domain]`. */
export const PURGE_CUSTOM_EMOJI_WORKER: SidekiqWorker = { class: "PurgeCustomEmojiWorker", options: [] };

/** No options. Args `[domain]`. */
export const AFTER_UNALLOW_DOMAIN_WORKER: SidekiqWorker = { class: "AfterUnallowDomainWorker", options: [] };

/**
 * `sidekiq_options queue: 'pull', lock: :until_executed, lock_ttl: 1.week.to_i`.
 * A sidekiq-unique-jobs worker: see enqueueJob on what a direct push skips.
 */
export const DOMAIN_PURGE_WORKER: SidekiqWorker = {
  class: "Admin::DomainPurgeWorker",
  options: [
    ["queue", "pull"],
    ["lock", "until_executed"],
    ["lock_ttl", WEEK],
  ],
};

/** No options. Args `[account_id, activity_id, activity_class_name, type]`. */
export const LOCAL_NOTIFICATION_WORKER: SidekiqWorker = { class: "LocalNotificationWorker", options: [] };

/** No options. Args `[status_id, {"preserve"=>…, "immediate"=>…}]`. */
export const REMOVAL_WORKER: SidekiqWorker = { class: "RemovalWorker", options: [] };

/** `sidekiq_options queue: 'pull'`. Args `[account_id]`. */
export const SUSPENSION_WORKER: SidekiqWorker = { class: "Admin::SuspensionWorker", options: [["queue", "pull"]] };

/** `sidekiq_options queue: 'pull'`. Args `[account_id]`. */
export const UNSUSPENSION_WORKER: SidekiqWorker = {
  class: "Admin::UnsuspensionWorker",
  options: [["queue", "pull"]],
};

/** `sidekiq_options queue: 'pull', lock: :until_executed, lock_ttl: 1.week.to_i`. Args `[account_id]`. */
export const ACCOUNT_DELETION_WORKER: SidekiqWorker = {
  class: "Admin::AccountDeletionWorker",
  options: [
    ["queue", "pull"],
    ["lock", "until_executed"],
    ["lock_ttl", WEEK],
  ],
};

/** No options. Args `[event, class_name, id]`. */
export const TRIGGER_WEBHOOK_WORKER: SidekiqWorker = { class: "TriggerWebhookWorker", options: [] };

/**
 * `sidekiq_options retry: 0, lock: :until_executed, lock_ttl: 1.day.to_i`
 * (app/workers/scheduler/vacuum_scheduler.rb); config/sidekiq.yml schedules it
 * on queue `scheduler`, which sidekiq-scheduler passes to Sidekiq::Client.push
 * with the class and no args (so queue comes first in the stored hash). Args `[]`.
 */
export const VACUUM_SCHEDULER_WORKER: SidekiqWorker = {
  class: "Scheduler::VacuumScheduler",
  options: [
    ["retry", 0],
    ["lock", "until_executed"],
    ["lock_ttl", 24 * 3600],
  ],
};
