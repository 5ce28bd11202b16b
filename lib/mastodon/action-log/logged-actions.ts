import "server-only";
import type { MastodonRelease } from "@/lib/mastodon/version";

/**
 * The (action, target_type) pairs Mastodon's audit log can show, for the
 * target types Howdah's write flows touch. The page renders
 * `t("admin.action_logs.actions.#{action}_#{target_type.underscore}_html")`
 * (app/views/admin/action_logs/_action_log.html.haml), so a pair without a
 * key in config/locales/en.yml shows as a missing translation: Howdah never
 * writes one. Keys read at v4.3.23 (efb25b6aa2, 59 keys) and v4.6.5
 * (1440d55b13, 69 keys); the *_relay_html keys are absent at 4.3 and present
 * from 4.4 (Admin::RelaysController logs from 4.4, mastodon PR #32819; v4.4.22
 * checked for the facts file). Pairs for other types (IpBlock, CustomEmoji,
 * UserRole, Announcement, UsernameBlock, Collection…) are left out until a
 * flow needs them.
 */
const ALL: readonly MastodonRelease[] = ["4.3", "4.4", "4.5", "4.6"];
const FROM_4_4: readonly MastodonRelease[] = ["4.4", "4.5", "4.6"];

export const LOGGED_ACTIONS = {
  Account: {
    memorialize: ALL,
    sensitive: ALL,
    silence: ALL,
    suspend: ALL,
    unblock_email: ALL,
    unsensitive: ALL,
    unsilence: ALL,
    unsuspend: ALL,
  },
  AccountWarning: { create: ALL },
  Appeal: { approve: ALL, reject: ALL },
  CanonicalEmailBlock: { create: ALL, destroy: ALL },
  DomainAllow: { create: ALL, destroy: ALL },
  DomainBlock: { create: ALL, destroy: ALL, update: ALL },
  EmailDomainBlock: { create: ALL, destroy: ALL },
  Instance: { destroy: ALL },
  Relay: { create: FROM_4_4, destroy: FROM_4_4, disable: FROM_4_4, enable: FROM_4_4 },
  Report: { assigned_to_self: ALL, reopen: ALL, resolve: ALL, unassigned: ALL, update: ALL },
  Status: { destroy: ALL, update: ALL },
  UnavailableDomain: { create: ALL, destroy: ALL },
  User: {
    approve: ALL,
    change_email: ALL,
    change_role: ALL,
    confirm: ALL,
    demote: ALL,
    disable: ALL,
    disable_2fa: ALL,
    disable_sign_in_token_auth: ALL,
    enable: ALL,
    enable_sign_in_token_auth: ALL,
    promote: ALL,
    reject: ALL,
    remove_avatar: ALL,
    reset_password: ALL,
    resend: ALL,
  },
} as const satisfies Record<string, Record<string, readonly MastodonRelease[]>>;

export type LoggedTargetType = keyof typeof LOGGED_ACTIONS;
export type LoggedAction<T extends LoggedTargetType> = keyof (typeof LOGGED_ACTIONS)[T] & string;

/** Whether Mastodon `release` logs `action` on a `targetType` (and its audit page can show it). */
export function mastodonLogs(release: MastodonRelease | null, targetType: string, action: string): boolean {
  if (release === null || !Object.hasOwn(LOGGED_ACTIONS, targetType)) return false;
  const actions = LOGGED_ACTIONS[targetType as LoggedTargetType] as Record<string, readonly MastodonRelease[]>;
  return Object.hasOwn(actions, action) && actions[action]!.includes(release);
}
