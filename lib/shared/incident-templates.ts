import type { ComponentId, Impact, IncidentKind, IncidentStatus } from "./status-types";

/**
 * Ready wording for the cases staff post most (as Statuspage's incident
 * templates): a template fills the new-entry form, which staff then adjust
 * before publishing. Plain data, shared by the form and its test, which
 * checks every template passes the same validation the API applies.
 */
export interface IncidentTemplate {
  id: string;
  /** What the picker shows. */
  label: string;
  kind: IncidentKind;
  title: string;
  body: string;
  impact: Impact;
  status: IncidentStatus;
  components: ComponentId[];
  /** Maintenance only: how long the window lasts by default, from the next full hour. */
  windowMinutes?: number;
}

export const INCIDENT_TEMPLATES: readonly IncidentTemplate[] = [
  {
    id: "federation-delayed",
    label: "Federation delayed",
    kind: "incident",
    title: "Posts from and to other servers arrive late",
    body:
      "Posts, replies and follows between this server and other servers are arriving late. " +
      "Nothing is lost: they are queued and will be delivered. We are looking into it.",
    impact: "minor",
    status: "investigating",
    components: ["federation"],
  },
  {
    id: "media-slow",
    label: "Media slow",
    kind: "incident",
    title: "Pictures and videos are slow to upload or load",
    body:
      "Uploading or viewing pictures and videos is slow or fails now and then. " +
      "Posts without media are not affected. We are looking into it.",
    impact: "minor",
    status: "investigating",
    components: ["media"],
  },
  {
    id: "upgrade",
    label: "Upgrade (planned maintenance)",
    kind: "maintenance",
    title: "Upgrade to a new Mastodon version",
    body:
      "We are upgrading the server to a new Mastodon version. The website and apps may be unavailable " +
      "for a few minutes during the window; posts from other servers wait and arrive afterwards.",
    impact: "none",
    status: "scheduled",
    components: ["web", "streaming", "background_jobs"],
    windowMinutes: 60,
  },
];

/** The default window of a maintenance template: from the next full hour after `now`. */
export function templateWindow(template: IncidentTemplate, now: Date): { start: Date; end: Date } | null {
  if (template.kind !== "maintenance") return null;
  const start = new Date(now);
  start.setMinutes(0, 0, 0);
  start.setHours(start.getHours() + 1);
  return { start, end: new Date(start.getTime() + (template.windowMinutes ?? 60) * 60_000) };
}
