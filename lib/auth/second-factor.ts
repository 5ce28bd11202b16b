import "server-only";
import type { MastodonUserRecord } from "@/lib/mastodon/staff/area";
import { consumeTimestep, readLastConsumedTimestep } from "@/lib/store/totp-consumed";
import type { SignInDeps, SignInFailure } from "./sign-in";
import { decryptActiveRecordValue } from "./active-record-encryption";
import { currentTimestep, verifyTotp } from "./totp";

/**
 * The second factor for users who have one in Mastodon. A 2FA user never gets
 * in on a password alone: when Howdah cannot check the code (no encryption
 * keys, security-key-only accounts, an undecryptable secret) it refuses and
 * says what the admin must do.
 */
export type SecondFactorResult = { ok: true } | { ok: false; reason: SignInFailure; message: string };

export const MISSING_KEYS_MESSAGE =
  "This account uses two-factor authentication, and Howdah cannot check its codes until the administrator sets " +
  "ACTIVE_RECORD_ENCRYPTION_PRIMARY_KEY, ACTIVE_RECORD_ENCRYPTION_DETERMINISTIC_KEY and " +
  "ACTIVE_RECORD_ENCRYPTION_KEY_DERIVATION_SALT (copy them from Mastodon's .env.production).";

export async function checkSecondFactor(
  deps: SignInDeps,
  user: MastodonUserRecord,
  otp: string | undefined,
): Promise<SecondFactorResult> {
  if (!user.otpRequired) {
    if (!user.hasWebauthn) return { ok: true };
    return {
      ok: false,
      reason: "otp_unavailable",
      message:
        "This account signs in to Mastodon with a security key only. Howdah accepts authenticator-app codes: " +
        "add an authenticator app in Mastodon to use Howdah.",
    };
  }
  if (!deps.encryptionKeys) return { ok: false, reason: "otp_unavailable", message: MISSING_KEYS_MESSAGE };
  if (!user.otpSecret) {
    return {
      ok: false,
      reason: "otp_unavailable",
      message:
        "This account's two-factor secret is still in Mastodon's legacy columns; " +
        "run Mastodon's post-deployment migrations, then try again.",
    };
  }
  if (!otp)
    return { ok: false, reason: "otp_required", message: "Enter the 6-digit code from your authenticator app." };

  let secret: string;
  try {
    secret = decryptActiveRecordValue(user.otpSecret, deps.encryptionKeys);
  } catch {
    return {
      ok: false,
      reason: "otp_unavailable",
      message:
        "Howdah could not decrypt this account's two-factor secret: " +
        "its ACTIVE_RECORD_ENCRYPTION_* keys do not match Mastodon's.",
    };
  }
  // A code already used in Mastodon or in Howdah is refused in both: the
  // later of the two consumed steps bounds what may be accepted here.
  const howdahLast = await readLastConsumedTimestep(deps.store, user.userId);
  const last = Math.max(howdahLast ?? -1, user.consumedTimestep ?? -1);
  const nowMs = deps.now?.() ?? Date.now();
  const result = verifyTotp({
    secretBase32: secret,
    code: otp,
    atMs: nowMs,
    lastConsumedTimestep: last < 0 ? null : last,
  });
  if (!result.ok) return INVALID;
  // Recorded where Mastodon records it, atomically, so the code is refused there too,
  // and in Howdah's own table, which holds even where Howdah may not write to Mastodon.
  // The later of the code's step and the current one: Mastodon 4.3's devise-two-factor
  // stores the current step, later ones the matched step; either way this one is used.
  const step = Math.max(result.matchedTimestep, currentTimestep(nowMs));
  if ((await deps.mastodon.staff.consumeOtpTimestep(user.userId, step)) === "replayed") return INVALID;
  if (!(await consumeTimestep(deps.store, user.userId, step))) return INVALID;
  return { ok: true };
}

const INVALID: SecondFactorResult = {
  ok: false,
  reason: "otp_invalid",
  message: "That two-factor code is not valid. Codes can be used once and change every 30 seconds.",
};
