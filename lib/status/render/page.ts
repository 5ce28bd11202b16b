import "server-only";
import { overallLine } from "../evaluate";
import { ageLabel, humanDuration, utcDateTime } from "../format";
import { UPTIME_DAYS } from "../history";
import {
  COMPONENT_DESCRIPTIONS,
  COMPONENT_NAMES,
  STATUS_LABELS,
  type ComponentState,
  type PublicIncident,
  type StatusSnapshot,
} from "@/lib/shared/status-types";
import {
  dayDetails,
  responseChart,
  responseText,
  summarizeResponses,
  summarizeUptime,
  uptimeBars,
  uptimeText,
} from "./charts";
import { esc, paragraphs } from "./html";
import { STATUS_CSS } from "./styles";

/**
 * The public status page as one HTML document: server-rendered from the
 * snapshot, styles inlined, readable at 375 px and complete without script.
 * One small external script (refresh-script.ts, served at /status/refresh.js)
 * enhances it: it fetches the page again every 30 s and swaps in the parts
 * that changed, without reloading (no meta refresh: it interrupted screen
 * readers and lost the reader's place), shows times in the reader's local
 * time with UTC on request, and shows a day's uptime on tap.
 * Rendered once per snapshot and age label (see public-responses.ts), not per request.
 */
export interface PageOptions {
  /** LOCAL_DOMAIN, for the title before the first snapshot. */
  domain: string;
  nowMs: number;
  /** A snapshot older than this is flagged as possibly out of date. */
  staleAfterMs: number;
  slowMs: { web: number; streaming: number };
  /** HOWDAH_URL: the base of the page's own links (never the request's Host). */
  baseUrl: string;
  /** The enhancing script's address (versioned), or null for none. */
  scriptSrc: string | null;
}

export const STATE_WORDS: Record<ComponentState, { word: string; icon: string }> = {
  operational: { word: "Operational", icon: "✓" },
  degraded: { word: "Degraded", icon: "!" },
  outage: { word: "Outage", icon: "✕" },
  unknown: { word: "Not measured", icon: "?" },
  maintenance: { word: "Maintenance", icon: "⚙" },
};

/** A time in UTC, marked up so the page's script can show it in the reader's local time. */
const timeTag = (iso: string, year: number) => `<time datetime="${esc(iso)}">${esc(utcDateTime(iso, year))}</time>`;

function stateBadge(state: ComponentState): string {
  const { word, icon } = STATE_WORDS[state];
  return `<span class="state t-${state}"><span class="i" aria-hidden="true">${icon}</span>${word}</span>`;
}

/** The heading block: overall state and the age of the readings. */
export function ageText(snapshot: StatusSnapshot | null, nowMs: number): string {
  if (!snapshot?.generatedAt) return "No readings yet";
  return `Updated ${ageLabel(nowMs - Date.parse(snapshot.generatedAt))}`;
}

function overall(snapshot: StatusSnapshot | null, options: PageOptions): string {
  const line = snapshot?.generatedAt
    ? overallLine(snapshot.components)
    : { state: "unknown" as const, text: "Waiting for the first readings" };
  const icon = STATE_WORDS[line.state].icon;
  const when = snapshot?.generatedAt
    ? ` <span>(${timeTag(snapshot.generatedAt, new Date(options.nowMs).getUTCFullYear())})</span> ` +
      `<a href="${esc(`${options.baseUrl}/status`)}" class="reload">Check again</a>`
    : "";
  let notice = "";
  if (!snapshot?.generatedAt) {
    notice =
      `<div class="card notice" role="status"><p>Howdah has not checked the server yet. This page fills ` +
      `in within a minute of Howdah starting.</p></div>`;
  } else if (options.nowMs - Date.parse(snapshot.generatedAt) > options.staleAfterMs) {
    notice =
      `<div class="card notice" role="status"><p><strong>This status may be out of date.</strong> Howdah ` +
      `last checked the server ${esc(ageLabel(options.nowMs - Date.parse(snapshot.generatedAt)))} (` +
      `${timeTag(snapshot.generatedAt, new Date(options.nowMs).getUTCFullYear())}), and has not been able to ` +
      `check since.</p></div>`;
  }
  return (
    `<section class="card overall s-${line.state}" aria-labelledby="overall" data-unit="overall"><p id="overall" ` +
    `class="big"><span ` +
    `aria-hidden="true">${icon}</span> ${esc(line.text)}</p>` +
    `<p class="age">${esc(ageText(snapshot, options.nowMs))}${when}</p></section>` +
    `<div data-unit="notice">${notice}</div>`
  );
}

function incidentCard(incident: PublicIncident, year: number): string {
  const closed = incident.status === "resolved" || incident.status === "completed";
  const impact =
    incident.kind === "maintenance"
      ? "Planned maintenance"
      : incident.impact === "major"
        ? "Major impact"
        : "Minor impact";
  const affects = incident.components.length
    ? ` · Affects ${esc(incident.components.map((c) => COMPONENT_NAMES[c]).join(", "))}`
    : "";
  const window =
    incident.scheduledStart && incident.scheduledEnd
      ? `<p class="meta">Scheduled ${timeTag(incident.scheduledStart, year)} to ` +
        `${timeTag(incident.scheduledEnd, year)}</p>`
      : "";
  const [latest, ...earlier] = incident.updates;
  const update = (u: PublicIncident["updates"][number]) =>
    `<div class="update"><p><strong>${esc(STATUS_LABELS[u.status])}</strong></p>${paragraphs(u.body)}<p ` +
    `class="when">${timeTag(u.at, year)}</p></div>`;
  const history = earlier.length
    ? `<details><summary>Earlier updates (${earlier.length})</summary><ol ` +
      `class="updates">${earlier.map((u) => `<li>${update(u)}</li>`).join("")}</ol></details>`
    : "";
  return (
    `<article id="incident-${esc(incident.id)}" class="card incident ` +
    `i-${incident.impact}${closed ? " closed" : ""}"><h3>${esc(incident.title)}</h3>` +
    `<p class="meta"><strong>${esc(STATUS_LABELS[incident.status])}</strong> · ${impact}${affects}` +
    `</p>${window}${latest ? update(latest) : ""}${history}</article>`
  );
}

function incidents(snapshot: StatusSnapshot | null, year: number): { open: string; past: string } {
  const list = snapshot?.incidents ?? [];
  const isOpen = (i: PublicIncident) => i.status !== "resolved" && i.status !== "completed";
  const open = list.filter(isOpen);
  const past = list.filter((i) => !isOpen(i));
  return {
    open: open.length
      ? `<section aria-labelledby="now-h"><h2 id="now-h">Incidents and maintenance` +
        `</h2>${open.map((i) => incidentCard(i, year)).join("")}</section>`
      : "",
    past:
      `<section aria-labelledby="past-h" data-unit="past"><h2 id="past-h">Past incidents</h2>` +
      (past.length
        ? past.map((i) => incidentCard(i, year)).join("")
        : `<p class="meta">Nothing was reported in the last 14 days.</p>`) +
      `</section>`,
  };
}

/**
 * The components section depends on the snapshot alone (and the year its
 * times are written in), not on the age label the page is rendered again
 * for every ten seconds: kept per snapshot, so a new label costs the header,
 * not 720 day bars again.
 */
const componentSections = new WeakMap<StatusSnapshot, { year: number; html: string }>();

function components(snapshot: StatusSnapshot, year: number): string {
  const kept = componentSections.get(snapshot);
  if (kept?.year === year) return kept.html;
  const html = renderComponents(snapshot, year);
  componentSections.set(snapshot, { year, html });
  return html;
}

function renderComponents(snapshot: StatusSnapshot, year: number): string {
  const items = snapshot.components
    .map((c) => {
      const days = snapshot.uptime[c.id] ?? [];
      const caption = uptimeText(summarizeUptime(days), UPTIME_DAYS);
      const since = c.since ? `<p class="meta">${STATE_WORDS[c.state].word} since ${timeTag(c.since, year)}</p>` : "";
      const reason = c.reason ? `<p class="msg reason">${esc(c.reason)}</p>` : "";
      const measured = c.reason ? `Howdah's check: ${c.message}` : c.message;
      const bars = days.length
        ? `${uptimeBars(days, `${c.name}: ${caption}`)}<p class="cap">${esc(caption)}</p>` +
          `<p class="cap dayshow" aria-live="polite" hidden></p>${dayDetails(days, c.name)}`
        : "";
      return (
        `<li class="component" data-unit="c-${c.id}"><div class="row"><h3>${esc(c.name)}</h3>` +
        `${stateBadge(c.state)}</div>` +
        `<p class="desc">${esc(COMPONENT_DESCRIPTIONS[c.id])}</p>${reason}<p class="msg">${esc(measured)}` +
        `</p>${since}${bars}</li>`
      );
    })
    .join("");
  const key = (k: string, text: string) => `<span><span class="sw k-${k}"></span>${text}</span>`;
  const legend =
    `<p class="legend">${key("operational", "working")}${key("degraded", "slow 2 min or more")}` +
    `${key("outage", "down 2 min or more")}${key("none", "no readings")} Days are UTC, oldest on the left; ` +
    `hover or tap a day, or open “Day by day”, for its minutes.</p>`;
  return (
    `<section aria-labelledby="components-h"><h2 id="components-h">Components</h2><div class="card"><ul ` +
    `class="components">${items}</ul></div>${legend}</section>`
  );
}

function responseTimes(snapshot: StatusSnapshot, options: PageOptions): string {
  if (!snapshot.generatedAt) return "";
  const block = (key: "web" | "streaming") => {
    const name = key === "web" ? "Website and apps" : "Live updates";
    const points = snapshot.responseTimes[key];
    const text = responseText(summarizeResponses(points));
    return (
      `<div class="card"><h3>${name}</h3>` +
      responseChart(
        points,
        snapshot.generatedAt!,
        options.slowMs[key],
        `${name}, response time over the last 24 hours: ${text}`,
      ) +
      `<p class="cap">${esc(text)}. The dashed line, at ${esc(humanDuration(options.slowMs[key]))}, is where ` +
      `it counts as slow.</p></div>`
    );
  };
  return (
    `<section aria-labelledby="rt-h" data-unit="rt"><h2 id="rt-h">Response times, last 24 hours` +
    `</h2>${block("web")}${block("streaming")}</section>`
  );
}

export function renderStatusPage(snapshot: StatusSnapshot | null, options: PageOptions): string {
  const domain = snapshot?.domain ?? options.domain;
  const base = options.baseUrl;
  const year = new Date(options.nowMs).getUTCFullYear();
  const { open, past } = incidents(snapshot, year);
  const body =
    `<header><p class="site">${esc(domain)}</p><h1>Server status</h1></header>` +
    overall(snapshot, options) +
    `<div data-unit="open">${open}</div>` +
    (snapshot?.components.length ? components(snapshot, year) + responseTimes(snapshot, options) : "") +
    past +
    `<footer><p><a href="${esc(`${base}/status/feed.xml`)}">Incident feed (Atom)</a><a ` +
    `href="${esc(`${base}/api/status`)}">Status as JSON</a><a href="${esc(`${base}/status/subscribe`)}">` +
    `Updates by e-mail</a></p>` +
    `<p>Howdah measures this from inside the server every 30 seconds, and keeps this page up while the server is ` +
    `down.</p></footer>`;
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" ` +
    `content="width=device-width,initial-scale=1">` +
    `<title>${esc(domain ? `Status of ${domain}` : "Server status")}</title><meta name="description" ` +
    `content="${esc(`Whether ${domain || "the server"} is working, and any incidents.`)}">` +
    `<link rel="canonical" href="${esc(`${base}/status`)}">` +
    `<link rel="alternate" type="application/atom+xml" title="Incidents" href="${esc(`${base}/status/feed.xml`)}">` +
    (options.scriptSrc ? `<script src="${esc(options.scriptSrc)}" defer></script>` : "") +
    `<style>${STATUS_CSS}</style></head><body><main>${body}</main></body></html>`
  );
}
