import "server-only";
import { type Env, enumVar, portVar, present } from "./env-values";
import type { SmtpSettings } from "./types";

/**
 * Mastodon's own mail settings (the SMTP_* variables of .env.production, as
 * config/email.yml reads them), so status subscriptions and alert e-mails go
 * out the way the instance's own mail does. Null when SMTP_SERVER is unset:
 * e-mail is then offered nowhere, and saying so is the caller's job.
 *
 * Read as Mastodon reads them: SMTP_PORT defaults to 587; SMTP_LOGIN and
 * SMTP_PASSWORD authenticate (SMTP_AUTH_METHOD=none turns that off);
 * SMTP_TLS or SMTP_SSL ("true") is TLS from the first byte (port 465);
 * SMTP_ENABLE_STARTTLS is auto (upgrade when offered), always or never;
 * SMTP_OPENSSL_VERIFY_MODE=none accepts any certificate; the sender is
 * SMTP_FROM_ADDRESS (Mastodon's default notifications@localhost is kept).
 */
export function smtpSettings(env: Env): SmtpSettings | null {
  const host = present(env, "SMTP_SERVER")?.trim();
  if (!host) return null;
  const login = present(env, "SMTP_LOGIN");
  const authMethod = present(env, "SMTP_AUTH_METHOD")?.trim().toLowerCase();
  const legacyAuto = present(env, "SMTP_ENABLE_STARTTLS_AUTO");
  return {
    host,
    port: portVar(env, "SMTP_PORT", 587),
    auth: login && authMethod !== "none" ? { user: login, pass: present(env, "SMTP_PASSWORD") ?? "" } : null,
    implicitTls: present(env, "SMTP_TLS") === "true" || present(env, "SMTP_SSL") === "true",
    starttls: enumVar(
      env,
      "SMTP_ENABLE_STARTTLS",
      ["auto", "always", "never"],
      legacyAuto === "false" ? "never" : "auto",
    ),
    verifyCertificate: present(env, "SMTP_OPENSSL_VERIFY_MODE")?.trim().toLowerCase() !== "none",
    from: present(env, "SMTP_FROM_ADDRESS")?.trim() || "notifications@localhost",
    replyTo: present(env, "SMTP_REPLY_TO")?.trim() || null,
  };
}
