import "server-only";
import { HowdahError } from "@/lib/errors";
import type { ServerContext } from "@/lib/server/context";
import { durationText } from "@/lib/shared/duration";
import { recordAudit } from "@/lib/store/audit";
import {
  deleteContactPointRow,
  endSilenceRow,
  findContactPoint,
  insertContactPoint,
  insertSilence,
  listActiveSilences,
  listContactPoints,
  readAlertStates,
  recordContactPointResult,
  writeAlertPolicy,
  type ContactPointRow,
} from "@/lib/store/alerting";
import type { AlertingOverview, ContactPointView } from "@/lib/shared/alerting-types";
import type { PolicyInput, SilenceInput } from "./alerting-input";
import { contactPointInput, type ContactPointInput } from "./contact-point-input";
import { notificationFor } from "./notifier";
import { getNotifyPolicy } from "./policy";
import { rulesView } from "./rule-actions";
import { getRuleSettings } from "./rule-settings";
import { sendNotification } from "./send";

/**
 * The Alerts page's side: contact points (add, remove, send a test), the
 * pending period and repeat interval, silences. Every change is audited.
 * Addresses that carry a secret (Slack and Discord webhook URLs, tokens) are
 * shown by their host only: whoever reads the page need not hold the secret.
 */
export interface Actor {
  accountId: string;
  acct: string;
  ip?: string | null;
}

function targetOf(settings: ContactPointInput): string {
  switch (settings.kind) {
    case "email":
      return settings.to.join(", ");
    case "matrix":
      return `${settings.roomId} on ${new URL(settings.homeserver).host}`;
    case "ntfy":
      return `${new URL(settings.url).host}, topic ${new URL(settings.url).pathname.split("/").filter(Boolean).pop()}`;
    default:
      return new URL(settings.url).host;
  }
}

function toView(row: ContactPointRow): ContactPointView | null {
  const parsed = contactPointInput.safeParse(row.settings);
  if (!parsed.success) return null;
  return {
    id: row.id,
    name: row.name,
    kind: parsed.data.kind,
    target: targetOf(parsed.data),
    lastSentAt: row.lastSentAt?.toISOString() ?? null,
    lastError: row.lastError,
    lastErrorAt: row.lastErrorAt?.toISOString() ?? null,
  };
}

export async function alertingOverview(context: ServerContext): Promise<AlertingOverview> {
  const store = await context.store();
  const now = new Date();
  const [points, silences, policy, states, rules] = await Promise.all([
    listContactPoints(store),
    listActiveSilences(store, now),
    getNotifyPolicy(store),
    readAlertStates(store),
    getRuleSettings(store),
  ]);
  return {
    contactPoints: points.map(toView).filter((p): p is ContactPointView => p !== null),
    silences: silences.map((s) => ({ ...s, endsAt: s.endsAt.toISOString(), createdAt: s.createdAt.toISOString() })),
    policy: { pending: durationText(policy.pendingSeconds), repeat: durationText(policy.repeatSeconds) },
    alerts: states.map(({ notifiedSeverity: _n, ...s }) => s),
    emailReady: context.config.mastodon.smtp !== null,
    rules: rulesView(rules),
  };
}

export async function addContactPoint(
  context: ServerContext,
  input: ContactPointInput,
  actor: Actor,
): Promise<ContactPointView> {
  if (input.kind === "email" && !context.config.mastodon.smtp) {
    throw new HowdahError(
      "bad_request",
      "E-mail is not set up: Mastodon's SMTP_SERVER is not set, so Howdah has no mail server to send through.",
    );
  }
  const store = await context.store();
  const row = await insertContactPoint(store, {
    name: input.name,
    kind: input.kind,
    settings: input,
    createdBy: actor.acct,
  });
  await recordAudit(store, {
    actor,
    ip: actor.ip ?? null,
    action: "alerts.contact_point.create",
    targetType: "contact_point",
    target: row.id,
    details: { name: input.name, kind: input.kind, target: targetOf(input) },
  });
  return toView(row)!;
}

export async function removeContactPoint(
  context: ServerContext,
  id: string,
  actor: Actor,
): Promise<{ deleted: string }> {
  const store = await context.store();
  const row = await deleteContactPointRow(store, id);
  if (!row) throw new HowdahError("not_found", `There is no contact point number ${id}.`);
  await recordAudit(store, {
    actor,
    ip: actor.ip ?? null,
    action: "alerts.contact_point.delete",
    targetType: "contact_point",
    target: id,
    details: { name: row.name, kind: row.kind },
  });
  return { deleted: id };
}

/** Sends a test message now and says how it went (the outcome is also what the list shows). */
export async function testContactPoint(
  context: ServerContext,
  id: string,
  actor: Actor,
  options: { backoffMs?: number } = {},
): Promise<{ ok: boolean; error: string | null }> {
  const store = await context.store();
  const row = await findContactPoint(store, id);
  const parsed = row ? contactPointInput.safeParse(row.settings) : null;
  if (!row || !parsed?.success) throw new HowdahError("not_found", `There is no contact point number ${id}.`);
  const now = new Date();
  const n = notificationFor(
    context,
    "test",
    { id: "test", severity: "warning", title: `Test from Howdah (sent by @${actor.acct})`, message: "" },
    now,
  );
  const result = await sendNotification(parsed.data, n, {
    smtp: context.config.mastodon.smtp,
    attempts: 2,
    backoffMs: options.backoffMs ?? 1000,
  });
  await recordContactPointResult(store, id, result, now);
  await recordAudit(store, {
    actor,
    ip: actor.ip ?? null,
    action: "alerts.contact_point.test",
    targetType: "contact_point",
    target: id,
    details: { name: row.name, ok: result.ok, ...(result.ok ? {} : { error: result.error }) },
  });
  return { ok: result.ok, error: result.ok ? null : result.error };
}

export async function setNotifyPolicy(context: ServerContext, input: PolicyInput, actor: Actor) {
  const store = await context.store();
  const before = await getNotifyPolicy(store);
  await writeAlertPolicy(store, { pendingSeconds: input.pending, repeatSeconds: input.repeat }, actor.acct);
  await recordAudit(store, {
    actor,
    ip: actor.ip ?? null,
    action: "alerts.policy.update",
    targetType: "alert_policy",
    target: "policy",
    details: {
      pending: { from: durationText(before.pendingSeconds), to: durationText(input.pending) },
      repeat: { from: durationText(before.repeatSeconds), to: durationText(input.repeat) },
    },
  });
  return { pending: durationText(input.pending), repeat: durationText(input.repeat) };
}

export async function addSilence(context: ServerContext, input: SilenceInput, actor: Actor) {
  const store = await context.store();
  const endsAt = new Date(Date.now() + input.duration * 1000);
  const row = await insertSilence(store, {
    matcher: input.matcher,
    comment: input.comment,
    endsAt,
    createdBy: actor.acct,
  });
  await recordAudit(store, {
    actor,
    ip: actor.ip ?? null,
    action: "alerts.silence.create",
    targetType: "alert_silence",
    target: row.id,
    details: { matcher: input.matcher, endsAt: endsAt.toISOString(), comment: input.comment },
  });
  return { id: row.id, matcher: row.matcher, endsAt: row.endsAt.toISOString() };
}

export async function endSilence(context: ServerContext, id: string, actor: Actor): Promise<{ ended: string }> {
  const store = await context.store();
  const row = await endSilenceRow(store, id, new Date());
  if (!row) throw new HowdahError("not_found", `There is no silence number ${id}.`);
  await recordAudit(store, {
    actor,
    ip: actor.ip ?? null,
    action: "alerts.silence.end",
    targetType: "alert_silence",
    target: id,
    details: { matcher: row.matcher },
  });
  return { ended: id };
}
