import "server-only";
/**
 * The shape of Howdah's whole configuration, after the environment has been
 * parsed and validated by `loadConfig` (lib/config/load-config.ts).
 * Everything else in Howdah reads configuration only through these types.
 */

/** Connection settings for one PostgreSQL server (Mastodon's, its replica, or Howdah's store). */
export interface PgSettings {
  /** Host name, IP, or a Unix socket directory such as /var/run/postgresql. */
  host: string;
  port: number;
  database: string;
  user: string;
  password: string;
  /** libpq sslmode as Mastodon passes it (DB_SSLMODE): disable, allow, prefer, require, verify-ca, verify-full. */
  sslMode: "disable" | "allow" | "prefer" | "require" | "verify-ca" | "verify-full";
}

/** Connection settings for one Redis (main, Sidekiq's, or the cache). */
export type RedisSettings =
  | { kind: "url"; url: string }
  | {
      kind: "host";
      host: string;
      port: number;
      db: number;
      username: string | null;
      password: string | null;
    }
  | {
      kind: "sentinel";
      masterName: string;
      sentinels: { host: string; port: number }[];
      sentinelUsername: string | null;
      sentinelPassword: string | null;
      db: number;
      username: string | null;
      password: string | null;
    };

/** Active Record encryption keys (Mastodon 4.3+), needed to read users.otp_secret. */
export interface ActiveRecordEncryptionKeys {
  // All are tried, the last encrypts; Rails takes the env value as ONE key (no comma split),
  // so it is last, after its comma-separated parts if any.
  primaryKeys: string[];
  deterministicKeys: string[];
  keyDerivationSalt: string;
}

export interface MastodonConfig {
  db: PgSettings;
  /** null unless REPLICA_DB_NAME, REPLICA_DB_HOST or REPLICA_DATABASE_URL is set. */
  replica: PgSettings | null;
  /** Mastodon's main Redis (feeds, activity tracker, delivery failure trackers). */
  redis: RedisSettings;
  /** Sidekiq's Redis: SIDEKIQ_REDIS_* or, when neither its URL nor its host is set, the main one. */
  sidekiqRedis: RedisSettings;
  /** Rails cache Redis: CACHE_REDIS_* or the main one. */
  cacheRedis: RedisSettings;
  /** REDIS_NAMESPACE (honoured on 4.3 only; Mastodon 4.4+ refuses to boot with it). */
  redisNamespace: string | null;
  localDomain: string;
  webDomain: string;
  limitedFederationMode: boolean;
  activeRecordEncryption: ActiveRecordEncryptionKeys | null;
  userActiveDays: number;
  /** Mastodon's outgoing mail (SMTP_*), used for status subscriptions and alert e-mails; null when unset. */
  smtp: SmtpSettings | null;
}

/** Mastodon's SMTP settings (lib/config/smtp-settings.ts). */
export interface SmtpSettings {
  host: string;
  port: number;
  auth: { user: string; pass: string } | null;
  /** TLS from the first byte (SMTP_TLS / SMTP_SSL), usually port 465. */
  implicitTls: boolean;
  /** STARTTLS on a plain connection: when offered, required, or never. */
  starttls: "auto" | "always" | "never";
  verifyCertificate: boolean;
  from: string;
  replyTo: string | null;
}

export interface HowdahOwnConfig {
  /** Where Howdah's own `howdah` schema lives: Mastodon's database unless HOWDAH_DATABASE_URL is set. */
  store: PgSettings;
  /** Redis for BullMQ and Howdah's rate limits: HOWDAH_REDIS_URL or Mastodon's main Redis. */
  redis: RedisSettings;
  /** Key prefix for everything Howdah keeps in Redis (never among Sidekiq's keys). */
  redisPrefix: string;
  /** statement_timeout for every query on Mastodon's database, in ms (the client gives up a little later). */
  statementTimeoutMs: number;
  /** statement_timeout for Howdah's own store, in ms: its rollups run longer than reads of Mastodon's tables. */
  storeStatementTimeoutMs: number;
  /** A Redis command with no reply within this fails (client side), and its connection is replaced. */
  redisCommandTimeoutMs: number;
  /** Secret that signs session cookies (HOWDAH_SECRET or NEXTAUTH_SECRET), at least 32 characters. */
  secret: string;
  /** Public URL Howdah is served at (HOWDAH_URL / NEXTAUTH_URL). */
  publicUrl: string;
  sessionMaxAgeSeconds: number;
  /** "inline" runs the BullMQ worker inside the web server (small installs); "separate" expects `npm run worker`. */
  workerMode: "inline" | "separate";
  /** Bearer token for /metrics; null disables the endpoint. */
  metricsToken: string | null;
  /** Sign-in attempts allowed per window (see lib/store/sign-in-throttle.ts). */
  signInRateLimit: { perAccount: number; perAccountTotal: number; perIp: number; windowSeconds: number };
  /** The password-hashing pool: threads at once, and checks that may wait for one. */
  signInHashing: { threads: number; queue: number };
  /**
   * Addresses and CIDR ranges of the reverse proxies whose X-Forwarded-For and X-Real-IP
   * name the client (HOWDAH_TRUSTED_PROXIES; Mastodon's TRUSTED_PROXY_IP).
   */
  trustedProxies: string[];
  /** The public status page: what the worker probes, how it judges, where it keeps the snapshot. */
  status: StatusSettings;
}

/**
 * One component's limits: slower/later than `degraded` is degraded, than `outage` an outage
 * (null: only no answer is).
 */
export interface StatusThreshold {
  degraded: number;
  outage: number | null;
}

/** Response times and queue latencies in ms; mail_failures in jobs. */
export interface StatusThresholds {
  web: StatusThreshold;
  streaming: StatusThreshold;
  database: StatusThreshold;
  redis: StatusThreshold;
  ingress: StatusThreshold;
  push: StatusThreshold;
  pull: StatusThreshold;
  default: StatusThreshold;
  mailers: StatusThreshold;
  mail_failures: StatusThreshold;
}

export interface StatusSettings {
  /** Mastodon's web health check (HOWDAH_PROBE_WEB_URL, default https://WEB_DOMAIN/health). */
  webProbeUrl: string;
  /** The streaming server's health check (HOWDAH_PROBE_STREAMING_URL). */
  streamingProbeUrl: string;
  /** A probe with no answer within this is an outage. */
  probeTimeoutMs: number;
  /** How often the readings are taken (HOWDAH_STATUS_INTERVAL_SECONDS); an outage shows within one interval. */
  intervalMs: number;
  thresholds: StatusThresholds;
  /** Absolute path of the local snapshot copy, served when PostgreSQL and Redis are down. */
  snapshotFile: string;
}

export interface HowdahConfig {
  mastodon: MastodonConfig;
  howdah: HowdahOwnConfig;
}
