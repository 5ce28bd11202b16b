/**
 * The public status page's data. Everything in a StatusSnapshot is meant for
 * anyone to read: component states and plain-language lines, uptime per day,
 * response times, incidents. It is built only from the whitelisted fields
 * below, so host names, addresses, queue arguments and account names have no
 * field to travel in.
 */
export const COMPONENT_IDS = [
  "web",
  "streaming",
  "federation",
  "background_jobs",
  "email",
  "media",
  "database",
  "redis",
] as const;
export type ComponentId = (typeof COMPONENT_IDS)[number];

/**
 * "unknown": Howdah could not measure it (its source is unreachable or not set up).
 * "maintenance": planned maintenance that names it is under way (never measured, only declared by staff).
 */
export const COMPONENT_STATES = ["operational", "degraded", "outage", "unknown", "maintenance"] as const;
export type ComponentState = (typeof COMPONENT_STATES)[number];
/** What Howdah's own readings can say: everything but maintenance. */
export type MeasuredState = Exclude<ComponentState, "maintenance">;

export const COMPONENT_NAMES: Record<ComponentId, string> = {
  web: "Website and apps",
  streaming: "Live updates",
  federation: "Federation",
  background_jobs: "Background jobs",
  email: "E-mail",
  media: "Media storage",
  database: "Database",
  redis: "Redis",
};

/** What each component covers, in a member's words (shown under its name). */
export const COMPONENT_DESCRIPTIONS: Record<ComponentId, string> = {
  web: "The website and the API that apps use",
  streaming: "Posts and notifications appearing without a refresh",
  federation: "Posts travelling to and from other servers",
  background_jobs: "Home timelines, notifications and other work done behind the scenes",
  email: "Sign-up confirmations, password resets and notification e-mails",
  media: "Room for uploaded pictures and videos",
  database: "Where posts and accounts are stored",
  redis: "Timelines, caches and the job queues",
};

export interface ComponentStatus {
  id: ComponentId;
  name: string;
  /**
   * What the page, the JSON, the feed and the metrics say: the measured state
   * combined with the open incidents and the maintenance under way that name
   * the component (lib/status/effective-state.ts).
   */
  state: ComponentState;
  /** One plain-language line a member understands: what Howdah measured. */
  message: string;
  /** ISO time it entered `state`, as far as Howdah's readings (or the incident) go back. */
  since: string | null;
  /** Howdah's own reading, before incidents and maintenance; absent in snapshots written before it existed. */
  measured?: { state: MeasuredState; since: string | null };
  /** Why `state` is not (only) the measured one: the incident or maintenance naming it; null when none does. */
  reason?: string | null;
  /** Probe response time in ms (web, streaming, database, redis), when answered. */
  responseMs: number | null;
}

/** One UTC day of one component: seconds measured in each state. */
export interface UptimeDay {
  day: string; // YYYY-MM-DD
  operational: number;
  degraded: number;
  outage: number;
}

export interface ResponsePoint {
  /** Start of the bucket, ISO. */
  at: string;
  /** Mean response time in ms; null when every probe in it failed. */
  ms: number | null;
}

export const INCIDENT_KINDS = ["incident", "maintenance"] as const;
export type IncidentKind = (typeof INCIDENT_KINDS)[number];
export const INCIDENT_STATUSES = ["investigating", "identified", "monitoring", "resolved"] as const;
export const MAINTENANCE_STATUSES = ["scheduled", "in_progress", "completed"] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number] | (typeof MAINTENANCE_STATUSES)[number];
export const IMPACTS = ["none", "minor", "major"] as const;
export type Impact = (typeof IMPACTS)[number];

export const STATUS_LABELS: Record<IncidentStatus, string> = {
  investigating: "Investigating",
  identified: "Identified",
  monitoring: "Monitoring",
  resolved: "Resolved",
  scheduled: "Scheduled",
  in_progress: "In progress",
  completed: "Completed",
};

/** The states after which an incident or maintenance accepts no more updates. */
export const FINAL_STATUSES: readonly IncidentStatus[] = ["resolved", "completed"];

export interface PublicIncidentUpdate {
  id: string;
  status: IncidentStatus;
  body: string;
  at: string;
}

export interface PublicIncident {
  id: string;
  kind: IncidentKind;
  title: string;
  impact: Impact;
  status: IncidentStatus;
  components: ComponentId[];
  scheduledStart: string | null;
  scheduledEnd: string | null;
  createdAt: string;
  updatedAt: string;
  resolvedAt: string | null;
  /** Newest first. */
  updates: PublicIncidentUpdate[];
}

/** What staff see of an incident: the public copy plus who wrote each part. */
export type AdminIncident = Omit<PublicIncident, "updates"> & {
  createdBy: string | null;
  updates: (PublicIncidentUpdate & { createdBy: string | null })[];
};

export interface StatusSnapshot {
  version: 1;
  /** When this snapshot was written (readings or incidents changed), ISO: the newest one wins. */
  publishedAt: string;
  /** When the worker took the component readings, ISO; null before its first run. */
  generatedAt: string | null;
  /** The instance's public domain (LOCAL_DOMAIN), for the page title. */
  domain: string;
  components: ComponentStatus[];
  /** 90 UTC days, oldest first, per component. */
  uptime: Partial<Record<ComponentId, UptimeDay[]>>;
  /** The last 24 hours in 15-minute buckets, oldest first. */
  responseTimes: { web: ResponsePoint[]; streaming: ResponsePoint[] };
  /** Open incidents, upcoming and current maintenance, and those closed within the last 14 days; newest first. */
  incidents: PublicIncident[];
}
