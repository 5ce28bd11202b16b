import { describe, expect, it } from "vitest";
import type { PublicIncident, StatusSnapshot, UptimeDay } from "@/lib/shared/status-types";
import { dayState, dayText, minutesText, responseChart, summarizeUptime, uptimeText } from "./charts";
import { renderFeed } from "./feed";
import { publicStatusJson } from "./json";
import { renderStatusPage } from "./page";

/** The public page, JSON and feed from a fixed snapshot: content, accessibility, escaping, well-formed Atom. */
const NOW = Date.parse("2026-11-20T12:00:00Z");
const iso = (minutesAgo: number) => new Date(NOW - minutesAgo * 60_000).toISOString();

function days(pattern: (i: number) => Partial<UptimeDay>): UptimeDay[] {
  return Array.from({ length: 90 }, (_, i) => ({
    day: new Date(NOW - (89 - i) * 86_400_000).toISOString().slice(0, 10),
    operational: 86_400,
    degraded: 0,
    outage: 0,
    ...pattern(i),
  }));
}

const incident: PublicIncident = {
  id: "7",
  kind: "incident",
  title: 'Posts <script>alert("x")</script> & replies late',
  impact: "major",
  status: "monitoring",
  components: ["federation"],
  scheduledStart: null,
  scheduledEnd: null,
  createdAt: iso(90),
  updatedAt: iso(5),
  resolvedAt: null,
  updates: [
    { id: "3", status: "monitoring", body: "A fix is out.\n\nWe are watching the <queues>.", at: iso(5) },
    { id: "2", status: "identified", body: "A relay flooded us.", at: iso(40) },
    { id: "1", status: "investigating", body: "Looking into it.", at: iso(90) },
  ],
};

const snapshot: StatusSnapshot = {
  version: 1,
  publishedAt: iso(1),
  generatedAt: iso(1),
  domain: "example.social",
  components: [
    {
      id: "web",
      name: "Website and apps",
      state: "operational",
      message: "Working normally: the server answers in 0.2 seconds.",
      since: iso(600),
      responseMs: 180,
    },
    {
      id: "streaming",
      name: "Live updates",
      state: "degraded",
      message: "Live updates are slow.",
      since: iso(20),
      responseMs: 2400,
    },
    {
      id: "federation",
      name: "Federation",
      state: "outage",
      message: "Posts from other servers are arriving about 40 minutes late.",
      since: iso(35),
      responseMs: null,
    },
    {
      id: "media",
      name: "Media storage",
      state: "unknown",
      message: "Not measured: Howdah does not know the storage's size yet.",
      since: iso(600),
      responseMs: null,
    },
  ],
  uptime: {
    web: days((i) => (i === 80 ? { outage: 600 } : i === 85 ? { degraded: 900 } : {})),
    streaming: days(() => ({})),
    federation: days((i) => (i < 60 ? { operational: 0 } : {})),
    media: days(() => ({ operational: 0 })),
  },
  responseTimes: {
    web: [
      { at: iso(60), ms: 150 },
      { at: iso(45), ms: 210 },
      { at: iso(30), ms: null },
      { at: iso(15), ms: 190 },
    ],
    streaming: [],
  },
  incidents: [
    incident,
    {
      ...incident,
      id: "6",
      title: "Old one",
      status: "resolved",
      impact: "minor",
      resolvedAt: iso(3000),
      updates: [{ id: "9", status: "resolved", body: "Fixed.", at: iso(3000) }],
    },
  ],
};

const page = renderStatusPage(snapshot, {
  domain: "example.social",
  nowMs: NOW,
  staleAfterMs: 180_000,
  slowMs: { web: 2000, streaming: 2000 },
  baseUrl: "https://admin.example.social",
  scriptSrc: "/status/refresh.js?v=1",
});

describe("the status page", () => {
  it("is one light document whose only script is its own external file, and no meta refresh", () => {
    expect(page.startsWith("<!doctype html>")).toBe(true);
    expect(page.match(/<script\b[^>]*>/gi)).toEqual(['<script src="/status/refresh.js?v=1" defer>']);
    expect(page).not.toMatch(/http-equiv="refresh"/i);
    expect(page).toContain('<meta name="viewport" content="width=device-width,initial-scale=1">');
    expect(Buffer.byteLength(page)).toBeLessThan(80_000);
  });

  it("offers updates by e-mail, linked from HOWDAH_URL", () => {
    expect(page).toContain('<a href="https://admin.example.social/status/subscribe">Updates by e-mail</a>');
  });

  it("states each component in words, not colour alone", () => {
    expect(page).toContain("Some parts of the server are down");
    for (const word of ["Operational", "Degraded", "Outage", "Not measured"])
      expect(page).toContain(`</span>${word}</span>`);
    expect(page).toContain("Posts from other servers are arriving about 40 minutes late.");
    expect(page).toContain("Updated 1 minute ago");
    expect(page).not.toContain("may be out of date");
  });

  it("describes the uptime bars and the response line in text", () => {
    expect(page).toMatch(
      /role="img" aria-label="Website and apps: 99\.\d\d% uptime over 90 days; down on \d+ \w+; slow on \d+ \w+"/,
    );
    expect(page).toContain("Federation: 100% uptime since");
    expect(page).toContain("Media storage: No readings in the last 90 days yet");
    expect(page).toContain("Average 0.2 seconds; slowest quarter-hour 0.2 seconds");
    expect(page).toContain("No answers measured in the last 24 hours");
  });

  it("escapes what staff write, keeps paragraphs, and folds earlier updates", () => {
    expect(page).toContain("Posts &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; replies late");
    expect(page).toContain("<p>A fix is out.</p><p>We are watching the &lt;queues&gt;.</p>");
    expect(page).toContain("<summary>Earlier updates (2)</summary>");
    expect(page).toContain("<strong>Monitoring</strong> · Major impact · Affects Federation");
    expect(page.indexOf("Incidents and maintenance")).toBeLessThan(page.indexOf("Components"));
    expect(page.indexOf("Old one")).toBeGreaterThan(page.indexOf("Past incidents"));
  });

  it("flags an old snapshot, and says when there is none yet", () => {
    const stale = renderStatusPage(snapshot, {
      domain: "example.social",
      nowMs: NOW + 20 * 60_000,
      staleAfterMs: 180_000,
      slowMs: { web: 2000, streaming: 2000 },
      baseUrl: "https://admin.example.social",
      scriptSrc: null,
    });
    expect(stale).toContain("Updated 21 minutes ago");
    expect(stale).toContain("This status may be out of date.");
    // And since when, as a time the page's script shows in the reader's zone.
    expect(stale).toContain(
      `last checked the server 21 minutes ago (<time datetime="${iso(1)}">20 Nov, 11:59 UTC</time>), and has not`,
    );
    const empty = renderStatusPage(null, {
      domain: "example.social",
      nowMs: NOW,
      staleAfterMs: 180_000,
      slowMs: { web: 2000, streaming: 2000 },
      baseUrl: "https://admin.example.social",
      scriptSrc: null,
    });
    expect(empty).toContain("Waiting for the first readings");
    expect(empty).toContain("<title>Status of example.social</title>");
  });
});

describe("uptime days", () => {
  it("count a day down only after two minutes, or half of what was measured", () => {
    expect(dayState({ day: "d", operational: 86_000, degraded: 0, outage: 60 })).toBe("operational");
    expect(dayState({ day: "d", operational: 86_000, degraded: 0, outage: 120 })).toBe("outage");
    expect(dayState({ day: "d", operational: 30, degraded: 0, outage: 30 })).toBe("outage");
    expect(dayState({ day: "d", operational: 86_000, degraded: 200, outage: 0 })).toBe("degraded");
    expect(dayState({ day: "d", operational: 0, degraded: 0, outage: 0 })).toBe("none");
    expect(uptimeText(summarizeUptime(days(() => ({}))), 90)).toBe("100% uptime over 90 days");
  });
});

describe("each day's bar and the response line", () => {
  it("tells each day's state and minutes slow and down, on hover and in the day-by-day list", () => {
    expect(minutesText(0)).toBe("0 min");
    expect(minutesText(30)).toBe("under a minute");
    expect(minutesText(900)).toBe("15 min");
    expect(minutesText(7_500)).toBe("2 h 5 min");
    const day = (over: Partial<UptimeDay>): UptimeDay => ({
      day: "2026-11-14",
      operational: 86_000,
      degraded: 0,
      outage: 0,
      ...over,
    });
    expect(dayText(day({}))).toBe("14 Nov: working");
    expect(dayText(day({ degraded: 720, outage: 60 }))).toBe("14 Nov: slow; slow 12 min, down 1 min");
    expect(dayText(day({ degraded: 60, outage: 600 }))).toBe("14 Nov: down; slow 1 min, down 10 min");
    expect(dayText(day({ operational: 0 }))).toBe("14 Nov: no readings");
    // On the page: a <title> per day, and the notable days in a disclosure any reader can open.
    const web = /data-unit="c-web">.*?<\/li>/.exec(page)![0];
    expect(web.match(/<rect /g)).toHaveLength(90);
    expect(web).toContain(`<title>${dayText(snapshot.uptime.web![80]!)}</title>`);
    expect(web).toMatch(/<details class="daylist"><summary>Day by day<span class="vh"> for Website and apps<\/span>/);
    expect(page).toContain(
      `<ul class="days"><li>${dayText(snapshot.uptime.web![85]!)}</li><li>${dayText(snapshot.uptime.web![80]!)}</li>`,
    );
  });

  it("always draws the dashed slow line the caption speaks of, with its value", () => {
    const fast = [{ at: iso(60), ms: 40 }];
    expect(responseChart(fast, iso(0), 2000, "x")).toMatch(/<line class="slow" x1="0" x2="288" y1="[\d.]+"/);
    expect(page).toContain("The dashed line, at 2 seconds, is where it counts as slow.");
  });
});

describe("/api/status", () => {
  it("has the documented shape", () => {
    const json = publicStatusJson(snapshot, NOW + 1_500, 90_000);
    expect(Object.keys(json)).toEqual(["status", "updated_at", "age_seconds", "stale", "components", "incidents"]);
    expect(json.status).toBe("outage");
    expect(json.updated_at).toBe(snapshot.generatedAt);
    expect(json).toMatchObject({ age_seconds: 61, stale: false });
    expect(publicStatusJson(snapshot, NOW + 30_999, 90_000)).toMatchObject({ age_seconds: 90, stale: false });
    expect(publicStatusJson(snapshot, NOW + 31_000, 90_000)).toMatchObject({ age_seconds: 91, stale: true });
    expect(json.components[0]).toEqual({
      id: "web",
      name: "Website and apps",
      state: "operational",
      message: "Working normally: the server answers in 0.2 seconds.",
      since: iso(600),
      measured_state: "operational",
      reason: null,
    });
    expect(json.incidents[0]).toMatchObject({
      id: "7",
      status: "monitoring",
      resolved_at: null,
      updates: [{ id: "3", status: "monitoring" }, { id: "2" }, { id: "1" }],
    });
    expect(publicStatusJson(null, NOW, 90_000)).toEqual({
      status: "unknown",
      updated_at: null,
      age_seconds: null,
      stale: true,
      components: [],
      incidents: [],
    });
  });
});

/**
 * A strict little XML reader: well-formedness (balanced tags, quoted
 * attributes, known entities) and a tree to query.
 */
interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  text: string;
}

function parseXml(xml: string): XmlNode {
  const body = xml.replace(/^<\?xml version="1\.0" encoding="utf-8"\?>\n/, "");
  expect(body).not.toBe(xml);
  const root: XmlNode = { name: "#document", attrs: {}, children: [], text: "" };
  const stack = [root];
  const token = /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>|([^<]+)/gy;
  let match: RegExpExecArray | null;
  let at = 0;
  while (at < body.length && (match = token.exec(body))) {
    at = token.lastIndex;
    const [, close, name, attrText, selfClose, text] = match;
    const top = stack[stack.length - 1]!;
    if (text !== undefined) {
      expect(text.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);/gi, "")).not.toMatch(/[&<>]/);
      top.text += text;
    } else if (close) {
      expect(top.name).toBe(name);
      stack.pop();
    } else {
      const attrs = Object.fromEntries(
        [...(attrText ?? "").matchAll(/([\w:.-]+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]),
      );
      const node: XmlNode = { name: name!, attrs, children: [], text: "" };
      top.children.push(node);
      if (!selfClose) stack.push(node);
    }
  }
  expect(at).toBe(body.length);
  expect(stack).toHaveLength(1);
  expect(root.children.filter((c) => c.name !== "#text")).toHaveLength(1);
  return root.children[0]!;
}

const child = (node: XmlNode, name: string) => node.children.find((c) => c.name === name);

describe("the Atom feed", () => {
  const xml = renderFeed(snapshot, "https://status.example.social", "example.social");

  it("is well-formed Atom with the required elements", () => {
    const feed = parseXml(xml);
    expect(feed.name).toBe("feed");
    expect(feed.attrs.xmlns).toBe("http://www.w3.org/2005/Atom");
    for (const required of ["id", "title", "updated", "author"]) expect(child(feed, required), required).toBeDefined();
    expect(child(feed, "updated")!.text).toBe(iso(5));
    expect(feed.children.find((c) => c.name === "link" && c.attrs.rel === "self")!.attrs.href).toBe(
      "https://status.example.social/status/feed.xml",
    );
    const entries = feed.children.filter((c) => c.name === "entry");
    expect(entries).toHaveLength(4);
    for (const entry of entries) {
      for (const required of ["id", "title", "updated", "content", "link"])
        expect(child(entry, required), required).toBeDefined();
      expect(child(entry, "id")!.text).toMatch(
        /^tag:example\.social,\d{4}-\d\d-\d\d:howdah-status\/incident-\d+\/update-\d+$/,
      );
    }
    expect(new Set(entries.map((e) => child(e, "id")!.text)).size).toBe(4);
    expect(child(entries[0]!, "title")!.text).toBe(
      "Monitoring: Posts &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; replies late",
    );
    expect(child(entries[0]!, "link")!.attrs.href).toBe("https://status.example.social/status#incident-7");
  });

  it("is valid with no incidents at all", () => {
    const feed = parseXml(renderFeed(null, "http://localhost:3000", "example.social"));
    expect(feed.children.filter((c) => c.name === "entry")).toHaveLength(0);
    expect(child(feed, "title")!.text).toBe("Incidents on example.social");
  });
});
