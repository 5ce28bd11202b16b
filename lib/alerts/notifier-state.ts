import "server-only";
/**
 * Who gets told what, and when (Alertmanager's rules, as a pure function of
 * the previous states, what fires now and the time):
 * - a condition first seen is "pending"; it fires only once it has lasted the
 *   pending period (a spike that clears by itself tells no one);
 * - a firing alert notifies, then again every repeat interval while it lasts,
 *   and at once when it turns from warning to critical;
 * - when it clears, a "resolved" message goes to whoever heard it fire;
 * - a silence (an alert id, or an id prefix ending in "*", with an end time)
 *   holds back its messages until it ends; an alert still firing then is
 *   notified at that point, as it was never heard.
 * A send that failed leaves `notifiedAt` as it was, so the next cycle tries
 * again (the caller records the failure for staff to see).
 */
export interface FiringCondition {
  id: string;
  severity: "warning" | "critical";
  title: string;
  message: string;
}

export interface AlertState extends FiringCondition {
  state: "pending" | "firing";
  /** ISO: first seen. */
  since: string;
  /** ISO: last told (firing); null while never told. */
  notifiedAt: string | null;
  /** The severity last told, to re-notify when it rises. */
  notifiedSeverity: "warning" | "critical" | null;
}

export interface NotifyPolicy {
  pendingSeconds: number;
  repeatSeconds: number;
}

export interface Silence {
  /** An alert id ("latency:push"), or a prefix with "*" ("latency:*"), or "*". */
  matcher: string;
  endsAt: string;
}

export interface Outgoing {
  status: "firing" | "resolved";
  alert: AlertState;
}

export function silenced(id: string, silences: readonly Silence[], nowMs: number): boolean {
  return silences.some(
    (s) =>
      Date.parse(s.endsAt) > nowMs &&
      (s.matcher.endsWith("*") ? id.startsWith(s.matcher.slice(0, -1)) : id === s.matcher),
  );
}

export function advance(
  previous: readonly AlertState[],
  firing: readonly FiringCondition[],
  policy: NotifyPolicy,
  silences: readonly Silence[],
  now: Date,
): { states: AlertState[]; outgoing: Outgoing[] } {
  const nowMs = now.getTime();
  const before = new Map(previous.map((s) => [s.id, s]));
  const states: AlertState[] = [];
  const outgoing: Outgoing[] = [];
  for (const condition of firing) {
    const old = before.get(condition.id);
    const since = old?.since ?? now.toISOString();
    const pendingDone = nowMs - Date.parse(since) >= policy.pendingSeconds * 1000;
    const state: AlertState = {
      ...condition,
      state: pendingDone ? "firing" : "pending",
      since,
      notifiedAt: old?.notifiedAt ?? null,
      notifiedSeverity: old?.notifiedSeverity ?? null,
    };
    if (state.state === "firing" && !silenced(condition.id, silences, nowMs)) {
      const due =
        state.notifiedAt === null ||
        nowMs - Date.parse(state.notifiedAt) >= policy.repeatSeconds * 1000 ||
        (state.notifiedSeverity === "warning" && condition.severity === "critical");
      if (due) outgoing.push({ status: "firing", alert: state });
    }
    states.push(state);
  }
  const still = new Set(firing.map((f) => f.id));
  for (const old of previous) {
    if (still.has(old.id) || old.notifiedAt === null) continue;
    if (!silenced(old.id, silences, nowMs)) outgoing.push({ status: "resolved", alert: old });
  }
  return { states, outgoing };
}

/** The states after the sends: a firing message that went out to at least one contact point marks it told. */
export function markTold(states: AlertState[], told: ReadonlySet<string>, now: Date): AlertState[] {
  return states.map((s) =>
    told.has(s.id) ? { ...s, notifiedAt: now.toISOString(), notifiedSeverity: s.severity } : s,
  );
}
