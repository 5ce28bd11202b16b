import "server-only";
import bcrypt from "bcryptjs";
import { z } from "zod";
import type { ActiveRecordEncryptionKeys } from "@/lib/config/types";
import type { MastodonGateway } from "@/lib/mastodon/gateway";
import type { MastodonUserRecord } from "@/lib/mastodon/staff/area";
import type { Store } from "@/lib/store/connection";
import { checkThrottle, clearAccountFailures, recordFailure, type ThrottleLimits } from "@/lib/store/sign-in-throttle";
import type { AuditAction } from "@/lib/shared/audit-actions";
import { recordAudit } from "@/lib/store/audit";
import { checkSecondFactor } from "./second-factor";

/**
 * Sign-in with a Mastodon account: e-mail and password against
 * users.encrypted_password (bcrypt, no pepper), then Mastodon's own login
 * state, Howdah's admin-area rule, and TOTP for users who have it. Failed
 * passwords and codes count towards per-account and per-IP limits.
 */
export const signInInput = z.object({
  email: z.string().trim().min(3, "Enter your e-mail address.").max(320).email("Enter a valid e-mail address."),
  // Devise accepts 8..72 characters; anything longer cannot match a bcrypt hash anyway.
  password: z.string().min(1, "Enter your password.").max(128, "That password is too long."),
  otp: z
    .string()
    .trim()
    .regex(/^\d{6}$/, "The two-factor code is 6 digits.")
    .optional()
    .or(z.literal("").transform(() => undefined)),
});
export type SignInInput = z.infer<typeof signInInput>;

export type SignInFailure =
  | "invalid_input"
  | "invalid_credentials"
  | "rate_limited"
  | "refused"
  | "otp_required"
  | "otp_invalid"
  | "otp_unavailable";

export type SignInResult =
  { ok: true; user: MastodonUserRecord } | { ok: false; reason: SignInFailure; message: string };

export interface SignInDeps {
  mastodon: Pick<MastodonGateway, "staff">;
  store: Store;
  limits: ThrottleLimits;
  encryptionKeys: ActiveRecordEncryptionKeys | null;
  now?: () => number;
}

// A valid bcrypt hash to compare against when the e-mail is unknown, so the
// time taken does not reveal which addresses have accounts.
const DUMMY_HASH = "$2b$10$nTHlTiZUTIv52NvGsjhYfuEL0dc6ALMK4pecXGIKoD8/NqG2n4wfq";
const WRONG = "The e-mail address or password is incorrect.";

export async function signIn(deps: SignInDeps, raw: unknown, ip: string): Promise<SignInResult> {
  const parsed = signInInput.safeParse(raw);
  if (!parsed.success) {
    return { ok: false, reason: "invalid_input", message: parsed.error.issues[0]?.message ?? "Check the form." };
  }
  const input = parsed.data;
  const { staff } = deps.mastodon;
  const keys = { account: staff.normalizeEmail(input.email), ip };
  const store = deps.store;

  const throttle = await checkThrottle(store, keys, deps.limits);
  if (throttle.blocked) {
    const minutes = Math.max(1, Math.ceil(throttle.retryAfterSeconds / 60));
    return {
      ok: false,
      reason: "rate_limited",
      message: `Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
    };
  }

  const user = await staff.findUserByEmail(input.email);
  const passwordOk = await bcrypt.compare(input.password, user?.encryptedPassword || DUMMY_HASH);
  if (!user || !passwordOk) {
    await recordFailure(store, keys, deps.limits.windowSeconds);
    return { ok: false, reason: "invalid_credentials", message: WRONG };
  }

  const refusal = staff.explainRefusal(user);
  if (refusal) {
    await audit(deps, user, "sign_in", "refused", ip, { reason: refusal });
    return { ok: false, reason: "refused", message: refusal };
  }

  const second = await checkSecondFactor(deps, user, input.otp);
  if (!second.ok) {
    if (second.reason === "otp_invalid") await recordFailure(store, keys, deps.limits.windowSeconds);
    return second;
  }

  await clearAccountFailures(store, keys.account);
  await audit(deps, user, "sign_in", "ok", ip);
  return { ok: true, user };
}

async function audit(
  deps: SignInDeps,
  user: MastodonUserRecord,
  action: AuditAction,
  outcome: "ok" | "refused",
  ip: string,
  details?: Record<string, unknown>,
) {
  await recordAudit(deps.store, {
    actor: { accountId: user.accountId, acct: user.acct },
    action,
    outcome,
    ip,
    details,
  }).catch(() => undefined);
}
