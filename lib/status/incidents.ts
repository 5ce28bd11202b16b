import "server-only";
import { HowdahError } from "@/lib/errors";
import { recordAudit } from "@/lib/store/audit";
import type { Store } from "@/lib/store/connection";
import {
  appendIncidentUpdate,
  deleteIncidentRow,
  findIncident,
  updateIncidentFields,
  updateIncidentUpdateBody,
  type IncidentChanges,
  insertIncident,
  listPublicIncidentRows,
  listRecentIncidents,
  type IncidentRow,
  type LockedIncident,
} from "@/lib/store/incidents";
import type { CreateIncidentInput, IncidentEditInput, IncidentUpdateInput } from "./incident-input";
import {
  FINAL_STATUSES,
  INCIDENT_STATUSES,
  MAINTENANCE_STATUSES,
  STATUS_LABELS,
  type ComponentId,
  type Impact,
  type IncidentKind,
  type AdminIncident,
  type IncidentStatus,
  type PublicIncident,
} from "@/lib/shared/status-types";

export type { AdminIncident } from "@/lib/shared/status-types";

/**
 * Incidents and planned maintenance, written by staff for the members of the
 * instance. An incident moves through investigating → identified →
 * monitoring → resolved (steps may be skipped or revisited while it is open);
 * maintenance through scheduled → in progress → completed. Resolved and
 * completed are final: a closed entry takes no more updates, so what members
 * read afterwards cannot change under them. Every change is audited.
 */
export interface Actor {
  accountId: string;
  acct: string;
  ip?: string | null;
}

/** How long a closed entry stays on the public page. */
export const CLOSED_SHOWN_DAYS = 14;

function toAdmin(row: IncidentRow): AdminIncident {
  return {
    id: row.id.toString(),
    kind: row.kind as IncidentKind,
    title: row.title,
    impact: row.impact as Impact,
    status: row.status as IncidentStatus,
    components: row.components as ComponentId[],
    scheduledStart: row.scheduledStart?.toISOString() ?? null,
    scheduledEnd: row.scheduledEnd?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    resolvedAt: row.resolvedAt?.toISOString() ?? null,
    createdBy: row.createdBy,
    updates: [...row.updates]
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || Number(b.id - a.id))
      .map((u) => ({
        id: u.id.toString(),
        status: u.status as IncidentStatus,
        body: u.body,
        at: u.createdAt.toISOString(),
        createdBy: u.createdBy,
      })),
  };
}

/** The member-facing copy: no staff account names. */
export function toPublic(incident: AdminIncident): PublicIncident {
  const { createdBy, updates, ...rest } = incident;
  void createdBy;
  return { ...rest, updates: updates.map(({ id, status, body, at }) => ({ id, status, body, at })) };
}

export const isFinal = (status: IncidentStatus) => FINAL_STATUSES.includes(status);

function statusesOf(kind: IncidentKind): readonly IncidentStatus[] {
  return kind === "incident" ? INCIDENT_STATUSES : MAINTENANCE_STATUSES;
}

export async function createIncident(store: Store, input: CreateIncidentInput, actor: Actor): Promise<AdminIncident> {
  const now = new Date();
  const final = isFinal(input.status);
  const maintenance = input.kind === "maintenance";
  const row = await insertIncident(store, {
    kind: input.kind,
    title: input.title,
    impact: input.impact,
    status: input.status,
    components: [...new Set(input.components)],
    scheduledStart: maintenance ? new Date(input.scheduledStart) : null,
    scheduledEnd: maintenance ? new Date(input.scheduledEnd) : null,
    at: now,
    resolvedAt: final ? now : null,
    createdBy: actor.acct,
    body: input.body,
  });
  await recordAudit(store, {
    actor,
    ip: actor.ip ?? null,
    action: input.kind === "incident" ? "status.incident.create" : "status.maintenance.create",
    targetType: "incident",
    target: row.id.toString(),
    details: { title: input.title, status: input.status, impact: input.impact },
  });
  return toAdmin(row);
}

/**
 * Posts an update and moves the entry to its status, under a row lock so two
 * staff posting at once cannot both reopen or both close it.
 */
export async function addIncidentUpdate(
  store: Store,
  id: string,
  input: IncidentUpdateInput,
  actor: Actor,
): Promise<AdminIncident> {
  const incidentId = BigInt(id);
  const check = (locked: LockedIncident | undefined): void => {
    const current = locked as { kind: IncidentKind; status: IncidentStatus; title: string } | undefined;
    if (!current) throw new HowdahError("not_found", `There is no incident number ${id}.`);
    const what = current.kind === "incident" ? "incident" : "maintenance";
    if (isFinal(current.status)) {
      throw new HowdahError(
        "conflict",
        `This ${what} is ${STATUS_LABELS[current.status].toLowerCase()} and takes no more updates; ` +
          "open a new one if the problem is back.",
      );
    }
    if (!statusesOf(current.kind).includes(input.status)) {
      const allowed = statusesOf(current.kind)
        .map((s) => STATUS_LABELS[s].toLowerCase())
        .join(", ");
      const article = current.kind === "incident" ? "An incident" : "Maintenance";
      throw new HowdahError(
        "bad_request",
        `${article} can be ${allowed}; "${STATUS_LABELS[input.status].toLowerCase()}" is not one of them.`,
      );
    }
  };
  const row = await appendIncidentUpdate(
    store,
    incidentId,
    check,
    { status: input.status, body: input.body, impact: input.impact, createdBy: actor.acct },
    isFinal(input.status),
  );
  await recordAudit(store, {
    actor,
    ip: actor.ip ?? null,
    action: "status.incident.update",
    targetType: "incident",
    target: id,
    details: { title: row.title, status: input.status, ...(input.impact ? { impact: input.impact } : {}) },
  });
  return toAdmin(row);
}

const notFound = (id: string) => new HowdahError("not_found", `There is no incident number ${id}.`);

/**
 * Edits an entry after publishing (a typo in the title, the wrong component,
 * a maintenance window moved): the audit log keeps each field's old and new
 * value. Refused with one sentence, changing nothing, when a field does not
 * fit the entry's kind or the window would end before it starts.
 */
export async function editIncident(
  store: Store,
  id: string,
  input: IncidentEditInput,
  actor: Actor,
): Promise<AdminIncident> {
  const current = await getIncident(store, id);
  const maintenance = current.kind === "maintenance";
  if (!maintenance && input.impact === "none") {
    throw new HowdahError("bad_request", "impact: an incident's impact is minor or major.");
  }
  if (!maintenance && (input.scheduledStart || input.scheduledEnd)) {
    throw new HowdahError("bad_request", "Only planned maintenance has a window; an incident has none.");
  }
  const start = input.scheduledStart ?? current.scheduledStart;
  const end = input.scheduledEnd ?? current.scheduledEnd;
  if (maintenance && start && end && Date.parse(end) <= Date.parse(start)) {
    throw new HowdahError("bad_request", "scheduledEnd: the maintenance must end after it starts.");
  }
  const wanted: Record<string, string | string[] | undefined> = {
    title: input.title,
    impact: input.impact,
    components: input.components ? [...new Set(input.components)] : undefined,
    scheduledStart: input.scheduledStart ? new Date(input.scheduledStart).toISOString() : undefined,
    scheduledEnd: input.scheduledEnd ? new Date(input.scheduledEnd).toISOString() : undefined,
  };
  const before = current as unknown as Record<string, string | string[] | null>;
  const changed: Record<string, { from: unknown; to: unknown }> = {};
  for (const [field, value] of Object.entries(wanted)) {
    if (value !== undefined && JSON.stringify(value) !== JSON.stringify(before[field])) {
      changed[field] = { from: before[field], to: value };
    }
  }
  if (Object.keys(changed).length === 0) return current;
  const changes: IncidentChanges = {};
  if (changed.title) changes.title = wanted.title as string;
  if (changed.impact) changes.impact = wanted.impact as string;
  if (changed.components) changes.components = wanted.components as string[];
  if (changed.scheduledStart) changes.scheduledStart = new Date(wanted.scheduledStart as string);
  if (changed.scheduledEnd) changes.scheduledEnd = new Date(wanted.scheduledEnd as string);
  const row = await updateIncidentFields(store, BigInt(id), changes, new Date());
  if (!row) throw notFound(id);
  await recordAudit(store, {
    actor,
    ip: actor.ip ?? null,
    action: "status.incident.edit",
    targetType: "incident",
    target: id,
    details: { title: row.title, changed },
  });
  return toAdmin(row);
}

/** Rewords one posted update (the audit log keeps both texts); its status and time stay. */
export async function editIncidentUpdate(
  store: Store,
  id: string,
  updateId: string,
  body: string,
  actor: Actor,
): Promise<AdminIncident> {
  const current = await getIncident(store, id);
  const update = current.updates.find((u) => u.id === updateId);
  if (!update) throw new HowdahError("not_found", `Incident number ${id} has no update number ${updateId}.`);
  if (update.body === body) return current;
  const row = await updateIncidentUpdateBody(store, BigInt(id), BigInt(updateId), body, new Date());
  if (!row) throw new HowdahError("not_found", `Incident number ${id} has no update number ${updateId}.`);
  await recordAudit(store, {
    actor,
    ip: actor.ip ?? null,
    action: "status.incident.edit_update",
    targetType: "incident",
    target: id,
    details: { title: row.title, update: updateId, from: update.body, to: body },
  });
  return toAdmin(row);
}

/** Deletes an entry and its updates (published by mistake, or a duplicate); the audit log keeps what it was. */
export async function deleteIncident(store: Store, id: string, actor: Actor): Promise<{ deleted: string }> {
  const row = await deleteIncidentRow(store, BigInt(id));
  if (!row) throw notFound(id);
  await recordAudit(store, {
    actor,
    ip: actor.ip ?? null,
    action: "status.incident.delete",
    targetType: "incident",
    target: id,
    details: { title: row.title, kind: row.kind, status: row.status, updates: row.updates.length },
  });
  return { deleted: id };
}

export async function getIncident(store: Store, id: string): Promise<AdminIncident> {
  const row = await findIncident(store, BigInt(id));
  if (!row) throw notFound(id);
  return toAdmin(row);
}

/** For staff: newest activity first. */
export async function listIncidents(store: Store, limit = 100): Promise<AdminIncident[]> {
  return (await listRecentIncidents(store, limit)).map(toAdmin);
}

/**
 * What the public page shows: every open incident, maintenance that is
 * upcoming or under way (forgotten ones drop off a day after their window),
 * and anything closed in the last 14 days.
 */
export async function listPublicIncidents(store: Store, now = new Date()): Promise<PublicIncident[]> {
  const rows = await listPublicIncidentRows(store, {
    maintenanceEndsAfter: new Date(now.getTime() - 86_400_000),
    closedSince: new Date(now.getTime() - CLOSED_SHOWN_DAYS * 86_400_000),
  });
  return rows.map((r) => toPublic(toAdmin(r)));
}
