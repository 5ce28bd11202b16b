import "server-only";
/**
 * Rails Active Record encryption, as Mastodon 4.3+ uses it for `users.otp_secret`
 * (devise-two-factor 6.x declares `encrypts :otp_secret`; non-deterministic).
 *
 * Rules below come from rails/rails activerecord/lib/active_record/encryption/
 * (identical for this purpose in v7.1.6, Mastodon 4.3, and v8.1.3, Mastodon 4.6)
 * and Mastodon's config/initializers/active_record_encryption.rb:
 * - key: PBKDF2-HMAC(primary key, key_derivation_salt, 2**16 iterations, 32 bytes)
 *   (key_generator.rb → ActiveSupport::KeyGenerator). Digest SHA256, because
 *   Mastodon's `load_defaults` ≥ 7.1 sets hash_digest_class = SHA256; Mastodon sets
 *   support_sha1_for_non_deterministic_encryption = true, which adds a "previous
 *   scheme" with SHA1-derived keys (config.rb), tried after the SHA256 keys.
 * - cipher: AES-256-GCM, random 12-byte IV, 16-byte tag, no AAD (cipher/aes256_gcm.rb).
 * - envelope: JSON {"p": payload, "h": {"iv","at", "e"?, "i"?, "c"?}}, every string
 *   value strict-Base64 (message_serializer.rb, properties.rb).
 * - payloads over 140 bytes are zlib-deflated first, flagged "c": true (encryptor.rb).
 * Mastodon never sets support_unencrypted_data (default false), so a value that is
 * not an envelope is refused, as Rails would.
 */
import { createCipheriv, createDecipheriv, createHash, pbkdf2Sync, randomBytes } from "node:crypto";
import { deflateSync, inflateSync } from "node:zlib";

export interface ActiveRecordKeys {
  /** ACTIVE_RECORD_ENCRYPTION_PRIMARY_KEY values; all are tried, the last one encrypts (key_provider.rb). */
  primaryKeys: string[];
  /** ACTIVE_RECORD_ENCRYPTION_KEY_DERIVATION_SALT */
  keyDerivationSalt: string;
}

export type ActiveRecordDecryptionErrorCode =
  | "not_an_envelope" // not JSON / not an object with "p": plaintext or garbage
  | "malformed_envelope" // JSON envelope with bad Base64, IV, tag or headers
  | "no_matching_key" // authentication failed with every key (wrong keys or tampered data)
  | "no_keys"
  | "bad_plaintext"; // decrypted, but not inflatable / not valid in its declared encoding

export class ActiveRecordDecryptionError extends Error {
  readonly code: ActiveRecordDecryptionErrorCode;
  constructor(code: ActiveRecordDecryptionErrorCode, message: string) {
    super(message);
    this.name = "ActiveRecordDecryptionError";
    this.code = code;
  }
}

export type KeyDigest = "sha256" | "sha1";

const ITERATIONS = 2 ** 16; // ActiveSupport::KeyGenerator default
const KEY_LENGTH = 32; // aes-256-gcm key_len
const IV_LENGTH = 12; // aes-256-gcm iv_len
const TAG_LENGTH = 16; // aes256_gcm.rb rejects any other auth tag length
const COMPRESSION_THRESHOLD = 140; // Encryptor::THRESHOLD_TO_JUSTIFY_COMPRESSION (bytes, strictly greater)
const MAX_HEADER_NESTING = 2; // MessageSerializer#validate_message_data_format
/** Order Rails tries schemes in: the current one, then the SHA1 "previous scheme". */
const DECRYPTION_DIGESTS: readonly KeyDigest[] = ["sha256", "sha1"];

// PBKDF2 with 65,536 iterations costs tens of ms; Rails also derives once per provider.
const derivedKeys = new Map<string, Buffer>();

/** The 32-byte AES key Rails derives from one primary key. */
export function deriveActiveRecordKey(password: string, salt: string, digest: KeyDigest): Buffer {
  const cacheKey = `${digest}\0${salt}\0${password}`;
  let key = derivedKeys.get(cacheKey);
  if (!key) {
    key = pbkdf2Sync(Buffer.from(password, "utf8"), Buffer.from(salt, "utf8"), ITERATIONS, KEY_LENGTH, digest);
    derivedKeys.set(cacheKey, key);
  }
  return key;
}

/** Key#id: first 4 hex chars of SHA1(derived key), stored as "i" when store_key_references is on. */
function keyId(key: Buffer): string {
  return createHash("sha1").update(key).digest("hex").slice(0, 4);
}

function assertKeys(keys: ActiveRecordKeys): void {
  if (keys.primaryKeys.length === 0 || keys.primaryKeys.some((k) => k === "") || keys.keyDerivationSalt === "") {
    // Config#primary_key / #key_derivation_salt raise when blank.
    throw new ActiveRecordDecryptionError(
      "no_keys",
      "Active Record encryption needs a primary key and a key derivation salt.",
    );
  }
}

// ---- encodings ("e" header): Cipher forces the decrypted bytes to this Ruby encoding ----

const BYTE_ENCODINGS = new Set(["ASCII-8BIT", "BINARY", "US-ASCII", "ASCII"]);

function bytesToString(bytes: Buffer, encoding: string | undefined): string {
  const name = (encoding ?? "UTF-8").toUpperCase();
  if (name === "UTF-8") {
    try {
      return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      throw new ActiveRecordDecryptionError("bad_plaintext", "Decrypted value is not valid UTF-8.");
    }
  }
  // Mastodon's migrated legacy OTP secrets were binary Ruby strings, so their envelopes
  // are likely to carry "e": "ASCII-8BIT"; the bytes are ASCII, latin1 keeps them 1:1.
  if (BYTE_ENCODINGS.has(name)) return bytes.toString("latin1");
  throw new ActiveRecordDecryptionError("bad_plaintext", `Unsupported Ruby encoding in envelope: ${encoding}`);
}

function stringToBytes(text: string, encoding: string): Buffer {
  const name = encoding.toUpperCase();
  if (name === "UTF-8") return Buffer.from(text, "utf8");
  if (BYTE_ENCODINGS.has(name) && !/[^\x00-\xff]/.test(text)) return Buffer.from(text, "latin1");
  throw new Error(`Cannot encode plaintext as ${encoding}`);
}

// ---- envelope (message_serializer.rb) ----

interface Envelope {
  payload: Buffer;
  iv: unknown;
  authTag: unknown;
  encoding: unknown;
  keyId: unknown;
  compressed: unknown;
}

/** Base64.strict_decode64: canonical alphabet and padding only; anything else is an error. */
function strictBase64(value: string): Buffer {
  const bytes = Buffer.from(value, "base64");
  if (bytes.toString("base64") !== value) {
    throw new ActiveRecordDecryptionError("malformed_envelope", "Envelope contains a value that is not strict Base64.");
  }
  return bytes;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Decodes header values like MessageSerializer#parse_properties: strings are Base64, hashes are nested messages. */
function parseHeaders(headers: unknown, level: number): Record<string, unknown> {
  if (headers === undefined || headers === null) return {};
  if (!isObject(headers)) throw new ActiveRecordDecryptionError("malformed_envelope", 'Envelope "h" is not an object.');
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (isObject(value)) {
      // e.g. "k" (envelope-encrypted data key): validated, unused by Mastodon's provider
      parseMessage(value, level + 1);
      out[name] = value;
    } else if (typeof value === "string") {
      out[name] = strictBase64(value);
    } else if (typeof value === "number" || typeof value === "boolean" || value === null) {
      out[name] = value; // Properties::ALLOWED_VALUE_CLASSES
    } else {
      throw new ActiveRecordDecryptionError("malformed_envelope", `Envelope header "${name}" has a forbidden type.`);
    }
  }
  return out;
}

function parseMessage(
  data: Record<string, unknown>,
  level: number,
): { payload: unknown; headers: Record<string, unknown> } {
  if (level > MAX_HEADER_NESTING) {
    throw new ActiveRecordDecryptionError(
      "malformed_envelope",
      "More than one level of hash nesting in headers is not supported.",
    );
  }
  if (!("p" in data))
    throw new ActiveRecordDecryptionError("malformed_envelope", "Invalid data format: hash without payload.");
  const p = data.p;
  const payload = typeof p === "string" ? strictBase64(p) : p;
  return { payload, headers: parseHeaders(data.h, level) };
}

function parseEnvelope(text: string): Envelope {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    data = undefined;
  }
  if (!isObject(data) || !("p" in data)) {
    throw new ActiveRecordDecryptionError(
      "not_an_envelope",
      "Value is not an Active Record encryption envelope; Mastodon does not enable " +
        "support_unencrypted_data, so plaintext is refused.",
    );
  }
  const { payload, headers } = parseMessage(data, 1);
  if (!Buffer.isBuffer(payload))
    throw new ActiveRecordDecryptionError("malformed_envelope", 'Envelope payload "p" is not a string.');
  const decodedString = (v: unknown) => (Buffer.isBuffer(v) ? v.toString("utf8") : v);
  return {
    payload,
    iv: headers.iv,
    authTag: headers.at,
    encoding: decodedString(headers.e),
    keyId: decodedString(headers.i),
    compressed: headers.c,
  };
}

// ---- decrypt ----

function tryKey(env: Envelope & { iv: Buffer; authTag: Buffer }, key: Buffer): Buffer | null {
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, env.iv, { authTagLength: TAG_LENGTH });
    decipher.setAuthTag(env.authTag);
    return Buffer.concat([decipher.update(env.payload), decipher.final()]);
  } catch {
    return null; // Errors::Decryption: try the next key
  }
}

/**
 * Decrypts a value Rails stored with `encrypts` (non-deterministic), using Mastodon's
 * configuration: SHA256-derived keys first, then SHA1-derived ones; every primary key.
 */
export function decryptActiveRecordValue(ciphertext: string, keys: ActiveRecordKeys): string {
  assertKeys(keys);
  const env = parseEnvelope(ciphertext);
  const { iv, authTag } = env;
  // aes256_gcm.rb: tag must be 16 bytes; OpenSSL's iv= rejects any IV but 12 bytes.
  if (!Buffer.isBuffer(authTag) || authTag.length !== TAG_LENGTH) {
    throw new ActiveRecordDecryptionError("malformed_envelope", 'Envelope auth tag "at" is missing or not 16 bytes.');
  }
  if (!Buffer.isBuffer(iv) || iv.length !== IV_LENGTH) {
    throw new ActiveRecordDecryptionError("malformed_envelope", 'Envelope IV "iv" is missing or not 12 bytes.');
  }
  if (env.encoding !== undefined && typeof env.encoding !== "string") {
    throw new ActiveRecordDecryptionError("malformed_envelope", 'Envelope encoding "e" is not a string.');
  }

  let plain: Buffer | null = null;
  for (const digest of DECRYPTION_DIGESTS) {
    let candidates = keys.primaryKeys.map((pk) => deriveActiveRecordKey(pk, keys.keyDerivationSalt, digest));
    // KeyProvider#decryption_keys: with an "i" header only keys with that id are tried.
    if (env.keyId !== undefined) candidates = candidates.filter((k) => keyId(k) === env.keyId);
    for (const key of candidates) {
      plain = tryKey({ ...env, iv, authTag }, key);
      if (plain) break;
    }
    if (plain) break;
  }
  if (!plain) {
    throw new ActiveRecordDecryptionError(
      "no_matching_key",
      "No Active Record encryption key could decrypt the value " +
        "(wrong ACTIVE_RECORD_ENCRYPTION_* keys, or the data was altered).",
    );
  }
  // Encryptor#uncompress_if_needed: any truthy "c" means zlib-inflate (Ruby truthiness: not nil/false).
  if (env.compressed !== undefined && env.compressed !== null && env.compressed !== false) {
    try {
      plain = inflateSync(plain);
    } catch {
      throw new ActiveRecordDecryptionError(
        "bad_plaintext",
        "Decrypted payload is flagged compressed but does not inflate.",
      );
    }
  }
  return bytesToString(plain, env.encoding);
}

// ---- encrypt (fixtures) ----

export interface EncryptOptions {
  /** 12-byte IV; default random, as Aes256Gcm#generate_iv for non-deterministic attributes. */
  iv?: Buffer;
  /** Key derivation digest; default "sha256" (what Mastodon 4.3+ writes). "sha1" makes a legacy-scheme value. */
  digest?: KeyDigest;
  /** Ruby encoding of the plaintext; anything but UTF-8 adds the "e" header (Cipher#encrypt). */
  encoding?: string;
  /** Adds the "i" key-reference header (config.store_key_references; off in Mastodon). */
  storeKeyReferences?: boolean;
  /** encrypts(..., compress: false) (Rails 7.2+); Mastodon keeps the default, true. */
  compress?: boolean;
}

/** Produces the exact column value Rails would store for `plaintext` (last primary key encrypts). */
export function encryptActiveRecordValue(plaintext: string, keys: ActiveRecordKeys, opts: EncryptOptions = {}): string {
  assertKeys(keys);
  const encoding = opts.encoding ?? "UTF-8";
  const key = deriveActiveRecordKey(
    keys.primaryKeys[keys.primaryKeys.length - 1]!,
    keys.keyDerivationSalt,
    opts.digest ?? "sha256",
  );
  const iv = opts.iv ?? randomBytes(IV_LENGTH);
  if (iv.length !== IV_LENGTH) throw new Error(`IV must be ${IV_LENGTH} bytes`);

  let data = stringToBytes(plaintext, encoding);
  const compressed = opts.compress !== false && data.length > COMPRESSION_THRESHOLD;
  if (compressed) data = deflateSync(data); // Zlib::Deflate.deflate: zlib stream, default level

  const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_LENGTH });
  const payload = Buffer.concat([cipher.update(data), cipher.final()]);

  // Header order as Rails builds it: iv, at (Aes256Gcm), e (Cipher), i (key tags), c (Encryptor).
  const headers: Record<string, string | boolean> = {
    iv: iv.toString("base64"),
    at: cipher.getAuthTag().toString("base64"),
  };
  if (encoding.toUpperCase() !== "UTF-8") headers.e = Buffer.from(encoding, "utf8").toString("base64");
  if (opts.storeKeyReferences) headers.i = Buffer.from(keyId(key), "utf8").toString("base64");
  if (compressed) headers.c = true;
  return JSON.stringify({ p: payload.toString("base64"), h: headers });
}
