import "server-only";
import nodemailer from "nodemailer";
import type { SmtpSettings } from "@/lib/config/types";
import type { ContactPointInput } from "./contact-point-input";
import { headline, plainText, type AlertNotification } from "./notification";
import { httpDelivery } from "./payloads";

/**
 * Sends one notification to one contact point, trying again when it fails
 * (a webhook down for a moment, a mail server busy): `attempts` tries,
 * `backoffMs` apart, each bounded by `timeoutMs`. Never throws: the result
 * says what the last failure was, in a sentence staff can act on, so the
 * caller can record and show it.
 */
export interface SendOptions {
  smtp: SmtpSettings | null;
  attempts?: number;
  backoffMs?: number;
  timeoutMs?: number;
}

export type SendResult = { ok: true; attempts: number } | { ok: false; attempts: number; error: string };

export async function sendNotification(
  point: ContactPointInput,
  n: AlertNotification,
  options: SendOptions,
): Promise<SendResult> {
  const attempts = options.attempts ?? 3;
  let error = "";
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      await sendOnce(point, n, options);
      return { ok: true, attempts: attempt };
    } catch (e) {
      error = (e as Error).message;
      if (attempt < attempts) await new Promise((r) => setTimeout(r, (options.backoffMs ?? 2000) * attempt));
    }
  }
  return { ok: false, attempts, error };
}

async function sendOnce(point: ContactPointInput, n: AlertNotification, options: SendOptions): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  if (point.kind === "email") return sendMail(point.to, n, options.smtp, timeoutMs);
  const request = httpDelivery(point, n);
  let response: Response;
  try {
    response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      redirect: "error",
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (e) {
    const cause = (e as Error & { cause?: { code?: string } }).cause?.code ?? (e as Error).name;
    throw new Error(`${new URL(request.url).host} could not be reached (${cause}).`);
  }
  if (!response.ok) {
    const said = (await response.text().catch(() => "")).slice(0, 200).trim();
    throw new Error(
      `${new URL(request.url).host} answered ${response.status} ${response.statusText}${said ? `: ${said}` : ""}.`,
    );
  }
  await response.body?.cancel();
}

async function sendMail(to: string[], n: AlertNotification, smtp: SmtpSettings | null, timeoutMs: number) {
  if (!smtp) {
    throw new Error("E-mail is not set up: Mastodon's SMTP_SERVER is not set (point MASTODON_ENV_FILE at its file).");
  }
  const transport = smtpTransport(smtp, timeoutMs);
  try {
    await transport.sendMail({
      from: smtp.from,
      ...(smtp.replyTo ? { replyTo: smtp.replyTo } : {}),
      to,
      subject: headline(n),
      text: plainText(n),
    });
  } catch (e) {
    throw new Error(`The mail server ${smtp.host}:${smtp.port} refused it: ${(e as Error).message}`);
  } finally {
    transport.close();
  }
}

/** A nodemailer transport from Mastodon's SMTP settings (also used for status subscriptions). */
export function smtpTransport(smtp: SmtpSettings, timeoutMs = 10_000) {
  return nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.implicitTls,
    requireTLS: smtp.starttls === "always",
    ignoreTLS: smtp.starttls === "never",
    ...(smtp.auth ? { auth: smtp.auth } : {}),
    tls: { rejectUnauthorized: smtp.verifyCertificate },
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });
}
