import { describe, expect, it } from "vitest";
import { loadConfig } from "./load-config";
import { expectConfigError } from "./expect-config-error";

const base = { LOCAL_DOMAIN: "example.social", HOWDAH_SECRET: "howdah-session-secret-0123456789abcdef" };
const smtpOf = (env: Record<string, string>) => loadConfig({ ...base, ...env }).mastodon.smtp;

/** Mastodon's SMTP_* variables, read the way its config/email.yml reads them. */
describe("Mastodon's SMTP settings", () => {
  it("is null without SMTP_SERVER: no e-mail is offered", () => {
    expect(smtpOf({})).toBeNull();
  });

  it("reads a typical submission setup with Mastodon's defaults", () => {
    expect(
      smtpOf({ SMTP_SERVER: "smtp.mailgun.org", SMTP_LOGIN: "postmaster@mg.example.social", SMTP_PASSWORD: "pw" }),
    ).toEqual({
      host: "smtp.mailgun.org",
      port: 587,
      auth: { user: "postmaster@mg.example.social", pass: "pw" },
      implicitTls: false,
      starttls: "auto",
      verifyCertificate: true,
      from: "notifications@localhost",
      replyTo: null,
    });
  });

  it("honours TLS on connect, STARTTLS, no auth, no verification and the sender", () => {
    expect(
      smtpOf({
        SMTP_SERVER: "mail.example.social",
        SMTP_PORT: "465",
        SMTP_TLS: "true",
        SMTP_LOGIN: "u",
        SMTP_AUTH_METHOD: "none",
        SMTP_ENABLE_STARTTLS: "never",
        SMTP_OPENSSL_VERIFY_MODE: "none",
        SMTP_FROM_ADDRESS: "Example <notifications@example.social>",
        SMTP_REPLY_TO: "admin@example.social",
      }),
    ).toMatchObject({
      port: 465,
      auth: null,
      implicitTls: true,
      starttls: "never",
      verifyCertificate: false,
      from: "Example <notifications@example.social>",
      replyTo: "admin@example.social",
    });
    expect(smtpOf({ SMTP_SERVER: "m", SMTP_SSL: "true", SMTP_ENABLE_STARTTLS_AUTO: "false" })).toMatchObject({
      implicitTls: true,
      starttls: "never",
    });
  });

  it("stops with one sentence on a bad port or STARTTLS word", () => {
    expectConfigError({ ...base, SMTP_SERVER: "m", SMTP_PORT: "99999" }, "SMTP_PORT");
    expectConfigError({ ...base, SMTP_SERVER: "m", SMTP_ENABLE_STARTTLS: "yes" }, "SMTP_ENABLE_STARTTLS");
  });
});
