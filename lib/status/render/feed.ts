import "server-only";
import { overallLine } from "../evaluate";
import { STATUS_LABELS, type StatusSnapshot } from "@/lib/shared/status-types";
import { esc, paragraphs } from "./html";

/**
 * The incident feed (Atom, RFC 4287): one entry per posted update, newest
 * first, so a feed reader shows each step of an incident as it happens. Ids
 * are tag: URIs on the instance's domain, stable across renders; links are
 * built from HOWDAH_URL. The subtitle says what the page's banner and
 * components say now (measured state, incidents and maintenance combined).
 */
const STATE_WORD = {
  operational: "operational",
  degraded: "degraded",
  outage: "outage",
  unknown: "not measured",
  maintenance: "under maintenance",
} as const;

const tag = (domain: string, date: string, specific: string) =>
  `tag:${domain},${date.slice(0, 10)}:howdah-status/${specific}`;

export function renderFeed(snapshot: StatusSnapshot | null, baseUrl: string, fallbackDomain: string): string {
  const domain = snapshot?.domain ?? fallbackDomain;
  const incidents = snapshot?.incidents ?? [];
  const entries = incidents
    .flatMap((incident) => incident.updates.map((update) => ({ incident, update })))
    .sort((a, b) => Date.parse(b.update.at) - Date.parse(a.update.at));
  const updated = entries[0]?.update.at ?? snapshot?.publishedAt ?? new Date(0).toISOString();
  const page = `${baseUrl}/status`;
  const shown = snapshot?.generatedAt ? snapshot.components : [];
  const notOk = shown.filter((c) => c.state !== "operational" && !(c.id === "media" && c.state === "unknown"));
  const subtitle = snapshot?.generatedAt
    ? `${overallLine(shown).text}.` + notOk.map((c) => ` ${c.name}: ${STATE_WORD[c.state]}.`).join("")
    : "Waiting for the first readings.";
  const xml = [
    `<?xml version="1.0" encoding="utf-8"?>`,
    `<feed xmlns="http://www.w3.org/2005/Atom">`,
    `<id>${esc(tag(domain, "2025-01-01", "feed"))}</id>`,
    `<title>${esc(`Incidents on ${domain}`)}</title>`,
    `<subtitle>${esc(subtitle)}</subtitle>`,
    `<updated>${esc(updated)}</updated>`,
    `<author><name>${esc(domain)}</name></author>`,
    `<link rel="self" type="application/atom+xml" href="${esc(`${baseUrl}/status/feed.xml`)}"/>`,
    `<link rel="alternate" type="text/html" href="${esc(page)}"/>`,
    `<generator>Howdah</generator>`,
    ...entries.map(({ incident, update }) => {
      const kind = incident.kind === "maintenance" ? "Maintenance" : "Incident";
      return [
        `<entry>`,
        `<id>${esc(tag(domain, incident.createdAt, `incident-${incident.id}/update-${update.id}`))}</id>`,
        `<title>${esc(`${STATUS_LABELS[update.status]}: ${incident.title}`)}</title>`,
        `<published>${esc(update.at)}</published>`,
        `<updated>${esc(update.at)}</updated>`,
        `<link rel="alternate" type="text/html" href="${esc(`${page}#incident-${incident.id}`)}"/>`,
        `<category term="${esc(incident.kind)}" label="${kind}"/>`,
        `<content type="html">${esc(paragraphs(update.body))}</content>`,
        `</entry>`,
      ].join("");
    }),
    `</feed>`,
  ];
  return xml.join("\n") + "\n";
}
