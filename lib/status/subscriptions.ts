import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { smtpTransport } from "@/lib/alerts/send";
import { HowdahError } from "@/lib/errors";
import type { ServerContext } from "@/lib/server/context";
import { COMPONENT_NAMES, STATUS_LABELS, type AdminIncident } from "@/lib/shared/status-types";
import {
  confirmSubscriberRow,
  deleteSubscriberRow,
  findSubscriber,
  findSubscriberByEmail,
  insertSubscriber,
  listConfirmedSubscribers,
  markConfirmationSent,
} from "@/lib/store/status-subscribers";

/**
 * Members' e-mail subscriptions to the status page, sent through Mastodon's
 * own SMTP settings (SMTP_*):
 * - double opt-in: asking sends one mail with a confirmation link, and
 *   nothing else is ever sent to an address that did not follow it; the
 *   answer is the same whether the address was known or not, and a second
 *   confirmation mail to one address waits an hour (no mail bombing);
 * - one-click unsubscribe: every mail carries a link and the List-Unsubscribe
 *   and List-Unsubscribe-Post headers (RFC 8058), so a mail client's own
 *   "Unsubscribe" button works; unsubscribing deletes the address;
 * - links carry an HMAC of the row with Howdah's secret, so no token is stored
 *   and a link for one address cannot be turned into another's.
 */
export const subscribeInput = z.object({
  email: z
    .string({ error: "give an e-mail address, like you@example.org." })
    .trim()
    .toLowerCase()
    .pipe(z.email({ error: "give an e-mail address, like you@example.org." }).max(320)),
});

const RESEND_AFTER_MS = 3_600_000;

type Purpose = "confirm" | "unsubscribe";

export function linkToken(context: ServerContext, purpose: Purpose, id: string): string {
  return createHmac("sha256", context.config.howdah.secret).update(`status-${purpose}:${id}`).digest("base64url");
}

function tokenMatches(context: ServerContext, purpose: Purpose, id: string, token: string): boolean {
  const expected = Buffer.from(linkToken(context, purpose, id));
  const given = Buffer.from(token);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export function subscriptionLink(context: ServerContext, purpose: Purpose, id: string): string {
  const url = new URL(purpose === "confirm" ? "/status/subscribe/confirm" : "/status/unsubscribe", base(context));
  url.searchParams.set("id", id);
  url.searchParams.set("token", linkToken(context, purpose, id));
  return url.toString();
}

const base = (context: ServerContext) => context.config.howdah.publicUrl;

function requireSmtp(context: ServerContext) {
  const smtp = context.config.mastodon.smtp;
  if (!smtp) {
    throw new HowdahError(
      "unavailable",
      "Updates by e-mail are not available on this server (it has no mail settings).",
    );
  }
  return smtp;
}

/** Asks for a subscription: sends the confirmation mail unless one went to this address within the hour. */
export async function requestSubscription(context: ServerContext, email: string, now = new Date()): Promise<void> {
  const smtp = requireSmtp(context);
  const store = await context.store();
  const existing = await findSubscriberByEmail(store, email);
  if (existing?.confirmedAt) return;
  if (existing && now.getTime() - existing.confirmSentAt.getTime() < RESEND_AFTER_MS) return;
  const row = existing ?? (await insertSubscriber(store, email, now));
  const domain = context.config.mastodon.localDomain;
  const transport = smtpTransport(smtp);
  try {
    await transport.sendMail({
      from: smtp.from,
      to: email,
      subject: `Confirm: status updates for ${domain}`,
      text:
        `Someone (probably you) asked for e-mail updates when ${domain} has an incident or planned maintenance.\n\n` +
        `To confirm, open this link:\n${subscriptionLink(context, "confirm", row.id)}\n\n` +
        `If it was not you, ignore this mail: nothing more will be sent.`,
    });
  } catch (error) {
    // Nothing kept: the address can ask again at once.
    if (!existing) await deleteSubscriberRow(store, row.id);
    throw new HowdahError("unavailable", `The mail could not be sent (${(error as Error).message}); try again later.`);
  } finally {
    transport.close();
  }
  if (existing) await markConfirmationSent(store, row.id, now);
}

function checkLink(context: ServerContext, purpose: Purpose, id: string, token: string): void {
  if (!/^\d{1,18}$/.test(id) || !tokenMatches(context, purpose, id, token)) {
    throw new HowdahError("bad_request", "This link is not valid: copy the whole link from the mail.");
  }
}

export async function confirmSubscription(context: ServerContext, id: string, token: string): Promise<void> {
  checkLink(context, "confirm", id, token);
  const store = await context.store();
  if (!(await findSubscriber(store, id))) {
    throw new HowdahError("not_found", "This subscription no longer exists; ask for updates again.");
  }
  await confirmSubscriberRow(store, id, new Date());
}

/** Unsubscribes (deletes the address); saying so again for an address already gone. */
export async function unsubscribe(context: ServerContext, id: string, token: string): Promise<void> {
  checkLink(context, "unsubscribe", id, token);
  await deleteSubscriberRow(await context.store(), id);
}

/** Mails an incident's newest update to every confirmed subscriber; returns how many were sent. */
export async function notifySubscribers(context: ServerContext, incident: AdminIncident): Promise<number> {
  const smtp = context.config.mastodon.smtp;
  if (!smtp) return 0;
  const store = await context.store();
  const latest = incident.updates[0];
  const domain = context.config.mastodon.localDomain;
  const what = incident.kind === "maintenance" ? "Planned maintenance" : "Incident";
  const parts = incident.components.map((c) => COMPONENT_NAMES[c]).join(", ");
  const transport = smtpTransport(smtp);
  let sent = 0;
  try {
    for (let after = "0"; ;) {
      const batch = await listConfirmedSubscribers(store, after, 200);
      if (batch.length === 0) break;
      for (const s of batch) {
        const unsubscribeUrl = subscriptionLink(context, "unsubscribe", s.id);
        await transport
          .sendMail({
            from: smtp.from,
            to: s.email,
            subject: `[${domain}] ${incident.title}: ${STATUS_LABELS[incident.status]}`,
            text:
              `${what} on ${domain}${parts ? ` (${parts})` : ""}: ${STATUS_LABELS[incident.status]}.\n\n` +
              `${latest?.body ?? ""}\n\nThe status page: ${new URL("/status", base(context))}\n\n` +
              `Stop these mails: ${unsubscribeUrl}`,
            headers: {
              "List-Unsubscribe": `<${unsubscribeUrl}>`,
              "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
          })
          .then(
            () => sent++,
            (error: unknown) => console.error(`[howdah status] an update mail failed: ${(error as Error).message}`),
          );
      }
      after = batch.at(-1)!.id;
    }
  } finally {
    transport.close();
  }
  return sent;
}
