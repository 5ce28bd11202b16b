import { describe, expect, it } from "vitest";
import { INCIDENT_TEMPLATES, templateWindow } from "@/lib/shared/incident-templates";
import { createIncidentInput } from "./incident-input";

/** Templates fill the new-entry form; what they fill must pass the API's own validation unchanged. */
describe("incident templates", () => {
  it("offers the common cases: federation delayed, media slow, an upgrade", () => {
    expect(INCIDENT_TEMPLATES.map((t) => t.id)).toEqual(["federation-delayed", "media-slow", "upgrade"]);
  });

  it.each(INCIDENT_TEMPLATES.map((t) => [t.id, t] as const))("%s is accepted as it is", (_id, t) => {
    const window = templateWindow(t, new Date("2026-03-01T10:17:00Z"));
    const parsed = createIncidentInput.safeParse({
      kind: t.kind,
      title: t.title,
      body: t.body,
      impact: t.impact,
      status: t.status,
      components: t.components,
      ...(window ? { scheduledStart: window.start.toISOString(), scheduledEnd: window.end.toISOString() } : {}),
    });
    expect(parsed.error?.issues ?? []).toEqual([]);
  });

  it("plans an upgrade from the next full hour, for an hour, ahead of time", () => {
    const upgrade = INCIDENT_TEMPLATES.find((t) => t.id === "upgrade")!;
    const now = new Date(2026, 2, 1, 10, 17);
    const window = templateWindow(upgrade, now)!;
    expect(window.start).toEqual(new Date(2026, 2, 1, 11, 0));
    expect(window.end.getTime() - window.start.getTime()).toBe(3_600_000);
    expect(templateWindow(INCIDENT_TEMPLATES[0]!, now)).toBeNull();
  });
});
