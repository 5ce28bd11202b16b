import "server-only";
import { z } from "zod";
import type { ActiveRecordEncryptionKeys } from "@/lib/config/types";
import type { MastodonGateway } from "@/lib/mastodon/gateway";
import type { MastodonUserRecord } from "@/lib/mastodon/staff/area";
import type { Store } from "@/lib/store/connection";
import { reserveAttempt, type ThrottleLimits } from "@/lib/store/sign-in-throttle";
import { recordAudit } from "@/lib/store/audit";
import { BUSY_MESSAGE } from "./hashing-load";
import type { PasswordHasher } from "./password-hasher";
import { checkSecondFactor } from "./second-factor";

/**
 * Sign-in with a Mastodon account: e-mail and password against
 * users.encrypted_password (bcrypt, no pepper), then Mastodon's own login
 * state, Howdah's admin-area rule, and TOTP for users who have it.
 *
 * What a flood of sign-ins may cost is bounded before any of that: a full
 * hashing pool turns the attempt away at once, then one statement reserves
 * the attempt under the per-address and per-account limits
 * (lib/store/sign-in-throttle.ts), and only a reserved attempt is looked up
 * and hashed, off the event loop. A right password gives the reservation
 * back; a wrong password or code keeps it, as the failure it counts.
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
  | "busy"
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
  hasher: PasswordHasher;
  encryptionKeys: ActiveRecordEncryptionKeys | null;
  now?: () => number;
}

// A valid bcrypt hash to compare against when the e-mail is unknown, so the
// time taken does not reveal which addresses have accounts.
const DUMMY_HASH = "$2b$10$nTHlTiZUTIv52NvGsjhYfuEL0dc6ALMK4pecXGIKoD8/NqG2n4wfq";
const WRONG = "The e-mail address or password is incorrect.";

const BUSY: SignInResult = {
  ok: false,
  reason: "busy",
  message: BUSY_MESSAGE,
};

export async function signIn(deps: SignInDeps, raw: unknown, ip: string): Promise<SignInResult> {
  const parsed = signInInput.safeParse(raw);
  if (!parsed.success) {
    return { ok: false, reason: "invalid_input", message: parsed.error.issues[0]?.message ?? "Check the form." };
  }
  const input = parsed.data;
  const { staff } = deps.mastodon;
  if (deps.hasher.saturated()) return BUSY;

  const reservation = await reserveAttempt(deps.store, { account: staff.normalizeEmail(input.email), ip }, deps.limits);
  if (!reservation.reserved) {
    const minutes = Math.max(1, Math.ceil(reservation.retryAfterSeconds / 60));
    return {
      ok: false,
      reason: "rate_limited",
      message: `Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
    };
  }
  // Only a wrong password or code is a failure and keeps its reservation; anything else
  // (a busy pool, a refused login, a code still to be asked for, an outage) was no guess.
  let outcome: "failed" | "signed_in" | "refund" = "refund";
  try {
    const result = await checkCredentials(deps, input, ip);
    if (result.ok) outcome = "signed_in";
    else if (result.reason === "invalid_credentials" || result.reason === "otp_invalid") outcome = "failed";
    return result;
  } finally {
    if (outcome !== "failed") await reservation.release(outcome === "signed_in").catch(() => undefined);
  }
}

async function checkCredentials(deps: SignInDeps, input: SignInInput, ip: string): Promise<SignInResult> {
  const { staff } = deps.mastodon;
  const user = await staff.findUserByEmail(input.email);
  const passwordOk = await deps.hasher.compare(input.password, user?.encryptedPassword || DUMMY_HASH);
  if (passwordOk === "busy") return BUSY;
  if (!user || !passwordOk) return { ok: false, reason: "invalid_credentials", message: WRONG };

  const refusal = staff.explainRefusal(user);
  if (refusal) {
    await audit(deps, user, "sign_in", "refused", ip, { reason: refusal });
    return { ok: false, reason: "refused", message: refusal };
  }

  const second = await checkSecondFactor(deps, user, input.otp);
  if (!second.ok) return second;

  await audit(deps, user, "sign_in", "ok", ip);
  return { ok: true, user };
}

async function audit(
  deps: SignInDeps,
  user: MastodonUserRecord,
  action: string,
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
