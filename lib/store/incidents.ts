import "server-only";
import type { Incident, IncidentUpdate } from "@/lib/generated/prisma/client";
import type { Store } from "./connection";

/**
 * Incidents and planned maintenance with their updates (howdah.incidents,
 * howdah.incident_updates). The staff flows (create, update, list) use
 * Prisma; the public list, read by the worker every 30 s, is plain SQL.
 */
export type IncidentRow = Incident & { updates: IncidentUpdate[] };

export interface NewIncident {
  kind: string;
  title: string;
  impact: string;
  status: string;
  components: string[];
  scheduledStart: Date | null;
  scheduledEnd: Date | null;
  at: Date;
  resolvedAt: Date | null;
  createdBy: string;
  /** The first update's text. */
  body: string;
}

export async function insertIncident(store: Store, incident: NewIncident): Promise<IncidentRow> {
  return store.prisma.incident.create({
    data: {
      kind: incident.kind,
      title: incident.title,
      impact: incident.impact,
      status: incident.status,
      components: incident.components,
      scheduledStart: incident.scheduledStart,
      scheduledEnd: incident.scheduledEnd,
      createdAt: incident.at,
      updatedAt: incident.at,
      resolvedAt: incident.resolvedAt,
      createdBy: incident.createdBy,
      updates: {
        create: { status: incident.status, body: incident.body, createdAt: incident.at, createdBy: incident.createdBy },
      },
    },
    include: { updates: true },
  });
}

export interface LockedIncident {
  kind: string;
  status: string;
  title: string;
}

export interface NewIncidentUpdate {
  status: string;
  body: string;
  impact?: string;
  createdBy: string;
}

/**
 * Posts an update and moves the incident to its status, in one transaction
 * under a row lock (so two staff posting at once cannot both reopen or both
 * close it). `check` sees the locked row (undefined: there is none) and
 * throws to refuse; `resolved` says whether the new status closes it.
 */
export async function appendIncidentUpdate(
  store: Store,
  id: bigint,
  check: (current: LockedIncident | undefined) => void,
  update: NewIncidentUpdate,
  resolved: boolean,
): Promise<IncidentRow> {
  return store.prisma.$transaction(async (tx) => {
    const locked = await tx.$queryRaw<LockedIncident[]>`
      SELECT kind, status, title FROM howdah.incidents WHERE id = ${id} FOR UPDATE`;
    check(locked[0]);
    const now = new Date();
    await tx.incidentUpdate.create({
      data: { incidentId: id, status: update.status, body: update.body, createdAt: now, createdBy: update.createdBy },
    });
    return tx.incident.update({
      where: { id },
      data: {
        status: update.status,
        updatedAt: now,
        resolvedAt: resolved ? now : null,
        ...(update.impact ? { impact: update.impact } : {}),
      },
      include: { updates: true },
    });
  });
}

export interface IncidentChanges {
  title?: string;
  impact?: string;
  components?: string[];
  scheduledStart?: Date;
  scheduledEnd?: Date;
}

/** Changes an incident's own fields (not its updates); null when there is none of that number. */
export async function updateIncidentFields(
  store: Store,
  id: bigint,
  changes: IncidentChanges,
  at: Date,
): Promise<IncidentRow | null> {
  const { count } = await store.prisma.incident.updateMany({ where: { id }, data: { ...changes, updatedAt: at } });
  return count === 0 ? null : findIncident(store, id);
}

/** Rewrites one posted update's text; null when the incident has no update of that number. */
export async function updateIncidentUpdateBody(
  store: Store,
  incidentId: bigint,
  updateId: bigint,
  body: string,
  at: Date,
): Promise<IncidentRow | null> {
  return store.prisma.$transaction(async (tx) => {
    const { count } = await tx.incidentUpdate.updateMany({ where: { id: updateId, incidentId }, data: { body } });
    if (count === 0) return null;
    return tx.incident.update({ where: { id: incidentId }, data: { updatedAt: at }, include: { updates: true } });
  });
}

/** Deletes an incident and (by the foreign key's cascade) its updates; returns what it was, or null. */
export async function deleteIncidentRow(store: Store, id: bigint): Promise<IncidentRow | null> {
  return store.prisma.$transaction(async (tx) => {
    const row = await tx.incident.findUnique({ where: { id }, include: { updates: true } });
    if (!row) return null;
    await tx.incident.delete({ where: { id } });
    return row;
  });
}

export async function findIncident(store: Store, id: bigint): Promise<IncidentRow | null> {
  return store.prisma.incident.findUnique({ where: { id }, include: { updates: true } });
}

/** Newest activity first. */
export async function listRecentIncidents(store: Store, limit: number): Promise<IncidentRow[]> {
  return store.prisma.incident.findMany({
    orderBy: { updatedAt: "desc" },
    take: limit,
    include: { updates: true },
  });
}

/**
 * Every open incident, maintenance not completed whose window ends after
 * `maintenanceEndsAfter`, and anything closed after `closedSince`; newest
 * activity first, at most 30.
 */
export async function listPublicIncidentRows(
  store: Store,
  window: { maintenanceEndsAfter: Date; closedSince: Date },
): Promise<IncidentRow[]> {
  // Plain SQL, not Prisma: the worker reads this every 30 s and otherwise never
  // loads Prisma's query compiler (some 40 to 80 MB of resident memory).
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
    [window.maintenanceEndsAfter, window.closedSince],
  );
  return rows.map(fromSql);
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

function fromSql(r: SqlIncident): IncidentRow {
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
