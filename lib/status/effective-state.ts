import "server-only";
import {
  FINAL_STATUSES,
  STATUS_LABELS,
  type ComponentState,
  type ComponentStatus,
  type Impact,
  type MeasuredState,
  type PublicIncident,
} from "@/lib/shared/status-types";

/**
 * One truth for every public answer: the state a component is shown in comes
 * from Howdah's reading AND what staff declared. Decided once, when a snapshot
 * is built (each status round) or republished (an incident changed), so the
 * page, the JSON, the feed and the metrics read the same field and a request
 * costs no more than before.
 *
 * The rules, as Atlassian Statuspage applies an incident's impact to the
 * components it names:
 * - an open incident's impact maps to a state: "minor" → degraded, "major" →
 *   outage, "none" → no change (a notice only);
 * - between that and the measured state the worse wins (an incident never
 *   makes a measured outage look better);
 * - maintenance under way shows as "maintenance", over the measured state
 *   (a planned restart is expected to fail the probes), unless an open
 *   incident with an impact names the component too: then the incident's
 *   rule applies, because something went wrong beyond the plan;
 * - maintenance is under way while its status is "in progress", or while it
 *   is "scheduled" and its window has started and not ended, so a window
 *   opens and closes by itself at the round after its times.
 */
export const IMPACT_STATE: Record<Impact, MeasuredState | null> = { none: null, minor: "degraded", major: "outage" };

const RANK: Record<MeasuredState, number> = { operational: 0, unknown: 1, degraded: 2, outage: 3 };

const isOpen = (i: PublicIncident) => !FINAL_STATUSES.includes(i.status);

/** Whether maintenance is under way at `nowMs`. */
export function maintenanceActive(i: PublicIncident, nowMs: number): boolean {
  if (i.kind !== "maintenance" || !isOpen(i)) return false;
  if (i.status === "in_progress") return true;
  const start = Date.parse(i.scheduledStart ?? "");
  const end = Date.parse(i.scheduledEnd ?? "");
  return i.status === "scheduled" && start <= nowMs && nowMs < end;
}

/** When maintenance began for the page's "since": its window's start, or when it was moved to in progress. */
function maintenanceSince(i: PublicIncident, nowMs: number): string {
  const start = i.scheduledStart && Date.parse(i.scheduledStart) <= nowMs ? i.scheduledStart : null;
  const moved = [...i.updates].reverse().find((u) => u.status === "in_progress")?.at ?? null;
  return start ?? moved ?? i.createdAt;
}

const quoted = (title: string) => `“${title}”`;

/** The measured part of a component, also from a snapshot written before `measured` existed. */
export function measuredOf(c: ComponentStatus): { state: MeasuredState; since: string | null } {
  if (c.measured) return c.measured;
  return { state: c.state === "maintenance" ? "unknown" : c.state, since: c.since };
}

/**
 * Each component as shown at `nowMs`. Reads only `measured` (or, for an old
 * snapshot, the state), so applying it again with another incident list
 * (republishing) starts from the reading, not from the last incident's state.
 */
export function applyIncidents(
  components: readonly ComponentStatus[],
  incidents: readonly PublicIncident[],
  nowMs: number,
): ComponentStatus[] {
  return components.map((c) => {
    const measured = measuredOf(c);
    const naming = incidents.filter((i) => i.components.includes(c.id));
    // The worst open incident (then the oldest): the one that sets the state.
    const open = naming
      .filter((i) => i.kind === "incident" && isOpen(i))
      .sort(
        (a, b) =>
          RANK[IMPACT_STATE[b.impact] ?? "operational"] - RANK[IMPACT_STATE[a.impact] ?? "operational"] ||
          Date.parse(a.createdAt) - Date.parse(b.createdAt),
      );
    const maintenance = naming.filter((i) => maintenanceActive(i, nowMs));
    const incident = open[0];
    const declared = incident ? IMPACT_STATE[incident.impact] : null;
    let state: ComponentState = measured.state;
    let since = measured.since;
    if (declared && RANK[declared] > RANK[measured.state]) {
      state = declared;
      since = incident!.createdAt;
    } else if (!declared && maintenance.length > 0) {
      state = "maintenance";
      since = maintenanceSince(maintenance[0]!, nowMs);
    }
    const reasons = [
      ...open.map((i) => `Incident ${quoted(i.title)}: ${STATUS_LABELS[i.status].toLowerCase()}.`),
      ...maintenance.map((i) => `Planned maintenance ${quoted(i.title)} is under way.`),
    ];
    return { ...c, state, since, measured, reason: reasons.length ? reasons.join(" ") : null };
  });
}
