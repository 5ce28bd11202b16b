import { describe, expect, it } from "vitest";
import { statusFamilies } from "@/lib/metrics/status-collector";
import {
  COMPONENT_IDS,
  COMPONENT_NAMES,
  type ComponentState,
  type ComponentStatus,
  type Impact,
  type MeasuredState,
  type PublicIncident,
  type StatusSnapshot,
} from "@/lib/shared/status-types";
import { applyIncidents, maintenanceActive } from "./effective-state";
import { renderFeed } from "./render/feed";
import { publicStatusJson } from "./render/json";
import { renderStatusPage } from "./render/page";

/**
 * One truth: for every combination of what Howdah measured for Federation,
 * an open incident naming it (none, or of each impact) and maintenance under
 * way naming it, the page, the JSON, the feed and the metrics all say the
 * state the table below gives.
 */
const NOW = Date.parse("2026-11-20T12:00:00Z");
const iso = (minutesFromNow: number) => new Date(NOW + minutesFromNow * 60_000).toISOString();

function incident(over: Partial<PublicIncident>): PublicIncident {
  return {
    id: "1",
    kind: "incident",
    title: "Posts from other servers are late",
    impact: "minor",
    status: "investigating",
    components: ["federation"],
    scheduledStart: null,
    scheduledEnd: null,
    createdAt: iso(-30),
    updatedAt: iso(-30),
    resolvedAt: null,
    updates: [{ id: "1", status: "investigating", body: "Looking into it.", at: iso(-30) }],
    ...over,
  };
}

const maintenance = (over: Partial<PublicIncident> = {}) =>
  incident({
    id: "2",
    kind: "maintenance",
    title: "Upgrade to the new version",
    impact: "none",
    status: "scheduled",
    scheduledStart: iso(-10),
    scheduledEnd: iso(50),
    updates: [{ id: "2", status: "scheduled", body: "We upgrade.", at: iso(-600) }],
    ...over,
  });

function measuredComponents(federation: MeasuredState): ComponentStatus[] {
  return COMPONENT_IDS.map((id) => {
    const state = id === "federation" ? federation : "operational";
    return {
      id,
      name: COMPONENT_NAMES[id],
      state,
      message: `Measured ${state}.`,
      since: iso(-120),
      measured: { state, since: iso(-120) },
      reason: null,
      responseMs: null,
    };
  });
}

function snapshotWith(federation: MeasuredState, incidents: PublicIncident[]): StatusSnapshot {
  return {
    version: 1,
    publishedAt: iso(0),
    generatedAt: iso(0),
    domain: "example.social",
    components: applyIncidents(measuredComponents(federation), incidents, NOW),
    uptime: {},
    responseTimes: { web: [], streaming: [] },
    incidents,
  };
}

/** What each combination shows: measured state × open incident's impact (absent, none, minor, major). */
const EXPECTED: Record<"no maintenance" | "maintenance", Record<MeasuredState, Record<string, ComponentState>>> = {
  "no maintenance": {
    operational: { absent: "operational", none: "operational", minor: "degraded", major: "outage" },
    unknown: { absent: "unknown", none: "unknown", minor: "degraded", major: "outage" },
    degraded: { absent: "degraded", none: "degraded", minor: "degraded", major: "outage" },
    outage: { absent: "outage", none: "outage", minor: "outage", major: "outage" },
  },
  maintenance: {
    operational: { absent: "maintenance", none: "maintenance", minor: "degraded", major: "outage" },
    unknown: { absent: "maintenance", none: "maintenance", minor: "degraded", major: "outage" },
    degraded: { absent: "maintenance", none: "maintenance", minor: "degraded", major: "outage" },
    outage: { absent: "maintenance", none: "maintenance", minor: "outage", major: "outage" },
  },
};

const HEADLINE: Record<ComponentState, string> = {
  operational: "Everything is working normally",
  unknown: "Some parts of the server cannot be checked right now",
  maintenance: "Planned maintenance is under way",
  degraded: "Some parts of the server are slow",
  outage: "Some parts of the server are down",
};
const BADGE: Record<ComponentState, string> = {
  operational: "Operational",
  unknown: "Not measured",
  maintenance: "Maintenance",
  degraded: "Degraded",
  outage: "Outage",
};
const FEED_WORD: Record<ComponentState, string | null> = {
  operational: null,
  unknown: "not measured",
  maintenance: "under maintenance",
  degraded: "degraded",
  outage: "outage",
};

const cases = (Object.keys(EXPECTED) as (keyof typeof EXPECTED)[]).flatMap((m) =>
  (Object.keys(EXPECTED[m]) as MeasuredState[]).flatMap((measured) =>
    Object.entries(EXPECTED[m][measured]).map(([impact, expected]) => ({ m, measured, impact, expected })),
  ),
);

describe("one truth on the page: measured state × open incident × maintenance", () => {
  it.each(cases)("measured $measured, incident $impact, $m → $expected everywhere", (c) => {
    const incidents = [
      ...(c.impact === "absent" ? [] : [incident({ impact: c.impact as Impact })]),
      ...(c.m === "maintenance" ? [maintenance()] : []),
    ];
    const snapshot = snapshotWith(c.measured, incidents);
    const federation = snapshot.components.find((x) => x.id === "federation")!;
    expect(federation.state).toBe(c.expected);
    expect(federation.measured?.state).toBe(c.measured);

    const page = renderStatusPage(snapshot, {
      domain: "example.social",
      nowMs: NOW,
      staleAfterMs: 90_000,
      slowMs: { web: 2000, streaming: 2000 },
      baseUrl: "https://admin.example.social",
      scriptSrc: null,
    });
    const item = /<li class="component" data-unit="c-federation">.*?<\/li>/.exec(page)![0];
    expect(item).toContain(`<span class="state t-${c.expected}"><span class="i" aria-hidden="true">`);
    expect(item).toMatch(new RegExp(`</span>${BADGE[c.expected]}</span>`));
    expect(page).toContain(`</span> ${HEADLINE[c.expected]}</p>`);
    if (incidents.length) expect(item).toContain('<p class="msg reason">');

    const json = publicStatusJson(snapshot, NOW, 90_000);
    expect(json.status).toBe(c.expected);
    expect(json.components.find((x) => x.id === "federation")).toMatchObject({
      state: c.expected,
      measured_state: c.measured,
    });

    const feed = renderFeed(snapshot, "https://admin.example.social", "example.social");
    const subtitle = /<subtitle>(.*)<\/subtitle>/.exec(feed)![1]!;
    expect(subtitle.startsWith(`${HEADLINE[c.expected]}.`)).toBe(true);
    const word = FEED_WORD[c.expected];
    if (word) expect(subtitle).toContain(`Federation: ${word}.`);
    else expect(subtitle).not.toContain("Federation");

    const families = statusFamilies(snapshot, NOW);
    const up = families.find((f) => f.name === "mastodon_component_up")!.samples;
    const federationUp = up.find((s) => s.labels?.component === "federation")?.value;
    // "up" is whether it works as shown; under maintenance, whether it answers during the work.
    const basis = c.expected === "maintenance" ? c.measured : c.expected;
    expect(federationUp).toBe(basis === "unknown" ? undefined : basis === "outage" ? 0 : 1);
    const stateSamples = families.find((f) => f.name === "mastodon_component_state")!.samples;
    expect(
      stateSamples.filter((s) => s.labels?.component === "federation" && s.value === 1).map((s) => s.labels?.state),
    ).toEqual([c.expected]);
  });
});

describe("which incidents and maintenance count", () => {
  const stateOf = (incidents: PublicIncident[], measured: MeasuredState = "operational", nowMs = NOW) =>
    applyIncidents(measuredComponents(measured), incidents, nowMs).find((c) => c.id === "federation")!;

  it("ignores closed incidents and those naming other components", () => {
    expect(stateOf([incident({ impact: "major", status: "resolved", resolvedAt: iso(-1) })]).state).toBe("operational");
    expect(stateOf([incident({ impact: "major", components: ["email"] })]).state).toBe("operational");
    const all = applyIncidents(measuredComponents("operational"), [incident({ impact: "major" })], NOW);
    expect(all.filter((c) => c.state === "outage").map((c) => c.id)).toEqual(["federation"]);
  });

  it("opens and closes a scheduled window by its times, and keeps one moved to in progress", () => {
    const planned = maintenance({ scheduledStart: iso(10), scheduledEnd: iso(70) });
    expect(maintenanceActive(planned, NOW)).toBe(false);
    expect(maintenanceActive(planned, NOW + 10 * 60_000)).toBe(true);
    expect(maintenanceActive(planned, NOW + 70 * 60_000)).toBe(false);
    expect(maintenanceActive({ ...planned, status: "in_progress" }, NOW)).toBe(true);
    expect(maintenanceActive({ ...planned, status: "completed", scheduledStart: iso(-5) }, NOW)).toBe(false);
    expect(stateOf([planned]).state).toBe("operational");
    expect(stateOf([planned], "operational", NOW + 11 * 60_000)).toMatchObject({
      state: "maintenance",
      since: iso(10),
      reason: "Planned maintenance “Upgrade to the new version” is under way.",
    });
  });

  it("dates an incident-driven state from the incident, a measured one from the reading", () => {
    expect(stateOf([incident({ impact: "major" })])).toMatchObject({ state: "outage", since: iso(-30) });
    expect(stateOf([incident({ impact: "minor" })], "outage")).toMatchObject({ state: "outage", since: iso(-120) });
  });

  it("starts again from the reading when applied to a snapshot already judged (republishing)", () => {
    const judged = applyIncidents(measuredComponents("degraded"), [incident({ impact: "major" })], NOW);
    expect(judged.find((c) => c.id === "federation")!.state).toBe("outage");
    const again = applyIncidents(judged, [], NOW).find((c) => c.id === "federation")!;
    expect(again).toMatchObject({ state: "degraded", since: iso(-120), reason: null });
  });
});
