import { describe, expect, it } from "vitest";
import { advance, markTold, silenced, type AlertState, type FiringCondition } from "./notifier-state";

const policy = { pendingSeconds: 300, repeatSeconds: 4 * 3600 };
const at = (minutes: number) => new Date(Date.UTC(2026, 2, 1, 10, minutes));
const push: FiringCondition = { id: "latency:push", severity: "warning", title: "Push late", message: "m" };

/** Runs one cycle and marks every firing message as delivered, as the worker does after a successful send. */
function cycle(states: AlertState[], firing: FiringCondition[], minutes: number, silences = []) {
  const r = advance(states, firing, policy, silences, at(minutes));
  const told = new Set(r.outgoing.filter((o) => o.status === "firing").map((o) => o.alert.id));
  return { states: markTold(r.states, told, at(minutes)), sent: r.outgoing.map((o) => `${o.status}:${o.alert.id}`) };
}

describe("the notifier's rules", () => {
  it("waits the pending period before firing, and tells no one of a spike that clears", () => {
    let s = cycle([], [push], 0);
    expect(s.sent).toEqual([]);
    expect(s.states[0]!.state).toBe("pending");
    s = cycle(s.states, [push], 4);
    expect(s.sent).toEqual([]);
    const cleared = cycle(s.states, [], 4);
    expect(cleared).toEqual({ states: [], sent: [] });
    s = cycle(s.states, [push], 5);
    expect(s.sent).toEqual(["firing:latency:push"]);
  });

  it("repeats at the repeat interval, at once when it turns critical, and says when it resolved", () => {
    let s = cycle([], [push], 0);
    s = cycle(s.states, [push], 5);
    expect(s.sent).toEqual(["firing:latency:push"]);
    s = cycle(s.states, [push], 60);
    expect(s.sent).toEqual([]);
    s = cycle(s.states, [{ ...push, severity: "critical" }], 61);
    expect(s.sent).toEqual(["firing:latency:push"]);
    s = cycle(s.states, [{ ...push, severity: "critical" }], 61 + 240);
    expect(s.sent).toEqual(["firing:latency:push"]);
    s = cycle(s.states, [], 400);
    expect(s.sent).toEqual(["resolved:latency:push"]);
    expect(s.states).toEqual([]);
  });

  it("retries a firing message that was not delivered, at the next cycle", () => {
    let r = advance([], [push], { pendingSeconds: 0, repeatSeconds: 3600 }, [], at(0));
    expect(r.outgoing).toHaveLength(1);
    r = advance(markTold(r.states, new Set(), at(0)), [push], { pendingSeconds: 0, repeatSeconds: 3600 }, [], at(1));
    expect(r.outgoing.map((o) => o.status)).toEqual(["firing"]);
  });

  it("holds messages back while a silence lasts, then tells of what still fires", () => {
    const silences = [{ matcher: "latency:*", endsAt: at(30).toISOString() }];
    let s = cycle([], [push], 0, silences as never);
    s = cycle(s.states, [push], 10, silences as never);
    expect(s.sent).toEqual([]);
    s = cycle(s.states, [push], 30, silences as never);
    expect(s.sent).toEqual(["firing:latency:push"]);
    expect(silenced("latency:push", silences, at(29).getTime())).toBe(true);
    expect(silenced("dead-growth", silences, at(29).getTime())).toBe(false);
    expect(silenced("latency:push", [{ matcher: "latency:push", endsAt: at(1).toISOString() }], at(2).getTime())).toBe(
      false,
    );
  });
});
