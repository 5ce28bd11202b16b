import "server-only";
/**
 * TOTP as Mastodon checks it: devise-two-factor's `validate_and_consume_otp!`
 * (lib/devise_two_factor/models/two_factor_authenticatable.rb, v6.0.0 in Mastodon
 * 4.3, v6.4.0 in 4.4.x/4.5/4.6) on top of ROTP 6.3.0 (lib/rotp/{base32,otp,totp}.rb):
 * RFC 6238 with SHA1, 6 digits, 30 s steps, ±otp_allowed_drift seconds (devise
 * default 30; Mastodon's User model does not change it), and no reuse of a step
 * at or before `users.consumed_timestep`.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

const INTERVAL_SECONDS = 30; // ROTP::DEFAULT_INTERVAL
const DIGITS = 6; // ROTP::OTP::DEFAULT_DIGITS
const DEFAULT_DRIFT_SECONDS = 30; // Devise.otp_allowed_drift (lib/devise-two-factor.rb)
const BASE32_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"; // ROTP::Base32::CHARS

export class InvalidBase32Error extends Error {
  constructor(char: string) {
    super(`Invalid Base32 character '${char}'`);
    this.name = "InvalidBase32Error";
  }
}

/**
 * ROTP::Base32.decode: drops every "=", upcases, rejects any other non-alphabet
 * character (whitespace included), and discards leftover bits (a Mastodon 4.3+
 * secret is 52 characters = 32 random bytes; 4.2-era secrets are 32 characters).
 */
export function decodeBase32(secret: string): Buffer {
  const out: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const char of secret.replaceAll("=", "").toUpperCase()) {
    const value = BASE32_ALPHABET.indexOf(char);
    if (value < 0) throw new InvalidBase32Error(char);
    buffer = (buffer << 5) | value;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((buffer >> bits) & 0xff);
      buffer &= (1 << bits) - 1; // keep only the unread bits so the int never overflows
    }
  }
  return Buffer.from(out);
}

/** ROTP::OTP#generate_otp: HOTP (RFC 4226) of an 8-byte big-endian counter, zero-padded. */
function hotp(key: Buffer, counter: number): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const hmac = createHmac("sha1", key).update(message).digest();
  const offset = hmac[hmac.length - 1]! & 0x0f;
  const code = hmac.readUInt32BE(offset) & 0x7fffffff;
  return String(code % 10 ** DIGITS).padStart(DIGITS, "0");
}

/** ROTP::TOTP#timecode: whole seconds (Time#to_i), floored to the step. */
function timecode(atMs: number): number {
  return Math.floor(Math.floor(atMs / 1000) / INTERVAL_SECONDS);
}

/** The step of `atMs` (devise-two-factor's current_otp_timestep). */
export function currentTimestep(atMs: number): number {
  return timecode(atMs);
}

/** The code an authenticator app shows at `atMs` (ROTP::TOTP#at). Throws InvalidBase32Error. */
export function generateTotp(secretBase32: string, atMs: number): string {
  return hotp(decodeBase32(secretBase32), timecode(atMs));
}

export type TotpFailureReason =
  | "empty_code" // devise: `return false unless code.present?`
  | "no_secret" // devise: `... && otp_secret.present?`
  | "invalid_secret" // ROTP raises Base32Error (Mastodon would answer 500)
  | "mismatch" // no step in the drift window has this code
  | "replayed"; // the code is right but its step is already consumed

export type TotpVerifyResult =
  | {
      ok: true;
      /** What devise-two-factor writes to users.consumed_timestep (see `consumeRule`). */
      timestep: number;
      /** The step whose code matched. */
      matchedTimestep: number;
    }
  | { ok: false; reason: TotpFailureReason };

export interface VerifyTotpInput {
  secretBase32: string;
  code: string;
  atMs: number;
  /** users.consumed_timestep (or Howdah's record of it); steps ≤ this are refused. */
  lastConsumedTimestep?: number | null;
  /** otp_allowed_drift, seconds each way; default 30. */
  driftSeconds?: number;
  /**
   * "matched" (default): devise-two-factor ≥ 6.2 (Mastodon 4.4.x patch releases, 4.5, 4.6)
   * stores the matched step. "current": 6.0/6.1 (Mastodon 4.3, 4.4.0) store the step of
   * the current time and refuse when that equals the consumed step.
   */
  consumeRule?: "matched" | "current";
}

const RUBY_WHITESPACE = /[ \t\n\v\f\r]+/g; // Ruby's /\s/ is ASCII-only, unlike JavaScript's

export function verifyTotp(input: VerifyTotpInput): TotpVerifyResult {
  const { secretBase32, atMs, lastConsumedTimestep = null } = input;
  const drift = input.driftSeconds ?? DEFAULT_DRIFT_SECONDS;
  if (!Number.isInteger(drift) || drift < 0) throw new RangeError("driftSeconds must be a non-negative integer");
  if (!Number.isFinite(atMs)) throw new RangeError("atMs must be a finite number");

  // devise strips whitespace (`code.gsub(/\s+/, "")`) after checking `code.present?`.
  const code = input.code.replace(RUBY_WHITESPACE, "");
  if (code === "") return { ok: false, reason: "empty_code" };
  if (secretBase32.trim() === "") return { ok: false, reason: "no_secret" };

  let key: Buffer;
  try {
    key = decodeBase32(secretBase32);
  } catch {
    return { ok: false, reason: "invalid_secret" };
  }

  // ROTP::TOTP#get_timecodes: steps of (now - drift) .. (now + drift), now in whole seconds.
  const nowSeconds = Math.floor(atMs / 1000);
  // (ROTP raises on a negative counter, which only a clock before 1970 could produce.)
  const first = Math.max(0, Math.floor((nowSeconds - drift) / INTERVAL_SECONDS));
  const last = Math.floor((nowSeconds + drift) / INTERVAL_SECONDS);
  const given = Buffer.from(code, "utf8");

  let matched: number | null = null;
  let replayed = false;
  for (let step = first; step <= last; step++) {
    const expected = Buffer.from(hotp(key, step), "utf8");
    // ROTP#time_constant_compare: lengths must agree, then a constant-time compare.
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) continue;
    // `after:` keeps only steps strictly greater than consumed_timestep.
    if (lastConsumedTimestep !== null && step <= lastConsumedTimestep) {
      replayed = true;
      continue;
    }
    matched = step; // ROTP keeps the last (latest) matching step
  }
  if (matched === null) return { ok: false, reason: replayed ? "replayed" : "mismatch" };

  if (input.consumeRule === "current") {
    // devise-two-factor 6.0.0 consume_otp!: `consumed_timestep != current_otp_timestep`.
    const current = timecode(atMs);
    if (lastConsumedTimestep === current) return { ok: false, reason: "replayed" };
    return { ok: true, timestep: current, matchedTimestep: matched };
  }
  return { ok: true, timestep: matched, matchedTimestep: matched };
}
