import "server-only";
import { overallLine } from "../evaluate";
import type { StatusSnapshot } from "@/lib/shared/status-types";

/**
 * /api/status: the snapshot for machines, in snake_case, built from the same
 * whitelisted fields as the page:
 * { "status", "components": [{ "id", "name", "state", "message", "since" }], "incidents": [...], "updated_at" }.
 * `updated_at` is when the readings were taken (null before the first run).
 */
export function publicStatusJson(snapshot: StatusSnapshot | null) {
  const components = snapshot?.components ?? [];
  return {
    status: snapshot?.generatedAt ? overallLine(components).state : "unknown",
    updated_at: snapshot?.generatedAt ?? null,
    components: components.map((c) => ({ id: c.id, name: c.name, state: c.state, message: c.message, since: c.since })),
    incidents: (snapshot?.incidents ?? []).map((i) => ({
      id: i.id,
      kind: i.kind,
      title: i.title,
      impact: i.impact,
      status: i.status,
      components: i.components,
      scheduled_start: i.scheduledStart,
      scheduled_end: i.scheduledEnd,
      created_at: i.createdAt,
      updated_at: i.updatedAt,
      resolved_at: i.resolvedAt,
      updates: i.updates.map((u) => ({ id: u.id, status: u.status, body: u.body, at: u.at })),
    })),
  };
}
