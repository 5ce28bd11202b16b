import { HowdahError } from "@/lib/errors";
import type { Incident, IncidentUpdate } from "@/lib/generated/prisma/client";
import { recordAudit } from "@/lib/store/audit";
import type { Store } from "@/lib/store/connection";
import type { CreateIncidentInput, IncidentUpdateInput } from "./incident-input";
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
} from "./types";

export type { AdminIncident } from "./types";

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

type Row = Incident & { updates: IncidentUpdate[] };

/** How long a closed entry stays on the public page. */
export const CLOSED_SHOWN_DAYS = 14;

function toAdmin(row: Row): AdminIncident {
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
  const row = await store.prisma.incident.create({
    data: {
      kind: input.kind,
      title: input.title,
      impact: input.impact,
      status: input.status,
      components: [...new Set(input.components)],
      scheduledStart: input.kind === "maintenance" ? new Date(input.scheduledStart) : null,
      scheduledEnd: input.kind === "maintenance" ? new Date(input.scheduledEnd) : null,
      createdAt: now,
      updatedAt: now,
      resolvedAt: final ? now : null,
      createdBy: actor.acct,
      updates: { create: { status: input.status, body: input.body, createdAt: now, createdBy: actor.acct } },
    },
    include: { updates: true },
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
  const row = await store.prisma.$transaction(async (tx) => {
    const locked = await tx.$queryRaw<{ kind: IncidentKind; status: IncidentStatus; title: string }[]>`
      SELECT kind, status, title FROM howdah.incidents WHERE id = ${incidentId} FOR UPDATE`;
    const current = locked[0];
    if (!current) throw new HowdahError("not_found", `There is no incident number ${id}.`);
    const what = current.kind === "incident" ? "incident" : "maintenance";
    if (isFinal(current.status)) {
      throw new HowdahError(
        "conflict",
        `This ${what} is ${STATUS_LABELS[current.status].toLowerCase()} and takes no more updates; open a new one if the problem is back.`,
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
    const now = new Date();
    await tx.incidentUpdate.create({
      data: { incidentId, status: input.status, body: input.body, createdAt: now, createdBy: actor.acct },
    });
    return tx.incident.update({
      where: { id: incidentId },
      data: {
        status: input.status,
        updatedAt: now,
        resolvedAt: isFinal(input.status) ? now : null,
        ...(input.impact ? { impact: input.impact } : {}),
      },
      include: { updates: true },
    });
  });
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

export async function getIncident(store: Store, id: string): Promise<AdminIncident> {
  const row = await store.prisma.incident.findUnique({ where: { id: BigInt(id) }, include: { updates: true } });
  if (!row) throw new HowdahError("not_found", `There is no incident number ${id}.`);
  return toAdmin(row);
}

/** For staff: newest activity first. */
export async function listIncidents(store: Store, limit = 100): Promise<AdminIncident[]> {
  const rows = await store.prisma.incident.findMany({
    orderBy: { updatedAt: "desc" },
    take: limit,
    include: { updates: true },
  });
  return rows.map(toAdmin);
}

/**
 * What the public page shows: every open incident, maintenance that is
 * upcoming or under way (forgotten ones drop off a day after their window),
 * and anything closed in the last 14 days.
 */
export async function listPublicIncidents(store: Store, now = new Date()): Promise<PublicIncident[]> {
  // Plain SQL, not Prisma: the worker reads this every 30 s and otherwise never
  // loads Prisma's query compiler (some 40 to 80 MB of resident memory).
  const closedSince = new Date(now.getTime() - CLOSED_SHOWN_DAYS * 86_400_000);
  const { rows } = await store.pool.query<SqlIncident>(
    `SELECT i.id, i.kind, i.title, i.impact, i.status, i.components, i.scheduled_start, i.scheduled_end,
            i.created_at, i.updated_at, i.resolved_at, i.created_by,
            COALESCE((SELECT json_agg(json_build_object('id', u.id::text, 'status', u.status, 'body', u.body,
                                                        'created_at', u.created_at, 'created_by', u.created_by))
                        FROM howdah.incident_updates u WHERE u.incident_id = i.id), '[]') AS updates
       FROM howdah.incidents i
      WHERE (i.kind = 'incident' AND i.status <> 'resolved')
         OR (i.kind = 'maintenance' AND i.status <> 'completed' AND i.scheduled_end > $1)
         OR i.resolved_at > $2
      ORDER BY i.updated_at DESC
      LIMIT 30`,
    [new Date(now.getTime() - 86_400_000), closedSince],
  );
  return rows.map((r) => toPublic(toAdmin(fromSql(r))));
}

interface SqlIncident {
  id: string;
  kind: string;
  title: string;
  impact: string;
  status: string;
  components: string[];
  scheduled_start: Date | null;
  scheduled_end: Date | null;
  created_at: Date;
  updated_at: Date;
  resolved_at: Date | null;
  created_by: string | null;
  updates: { id: string; status: string; body: string; created_at: string; created_by: string | null }[];
}

function fromSql(r: SqlIncident): Row {
  const id = BigInt(r.id);
  return {
    id,
    kind: r.kind,
    title: r.title,
    impact: r.impact,
    status: r.status,
    components: r.components,
    scheduledStart: r.scheduled_start,
    scheduledEnd: r.scheduled_end,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    resolvedAt: r.resolved_at,
    createdBy: r.created_by,
    updates: r.updates.map((u) => ({
      id: BigInt(u.id),
      incidentId: id,
      status: u.status,
      body: u.body,
      createdAt: new Date(u.created_at),
      createdBy: u.created_by,
    })),
  };
}
