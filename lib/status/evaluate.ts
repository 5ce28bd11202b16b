import "server-only";
import type { StatusThreshold, StatusThresholds } from "@/lib/config/types";
import { humanDuration } from "./format";
import type { HttpProbeResult } from "./probes";
// Readings can only say what was measured: "maintenance" is declared by staff (effective-state.ts).
import type {
  ComponentId,
  ComponentState as AnyState,
  MeasuredState as ComponentState,
} from "@/lib/shared/status-types";

/**
 * From readings to each component's state and one line a member understands.
 * Pure: the readings are taken in readings.ts, the thresholds come from
 * HOWDAH_STATUS_THRESHOLDS. No reading's detail (host, address, error text,
 * job arguments) reaches a message: only states, durations and counts.
 */
export interface ServiceReading {
  ok: boolean;
  latencyMs: number | null;
}

/**
 * Sidekiq's figures for the page. A null figure could not be read this round
 * (its key in Sidekiq's Redis holds something Sidekiq never writes there):
 * only the components that depend on it become "unknown", and a measured
 * degraded or outage elsewhere in the same component still shows.
 */
export interface SidekiqReading {
  queues: { name: string; size: number | null; latencySeconds: number | null }[];
  processesAlive: number | null;
  /** Mailer jobs waiting in the retry set (estimated from a bounded sample). */
  mailFailures: number | null;
}

/** The storage forecast reduced to what the page shows (media.ts); null while it cannot say. */
export interface MediaReading {
  state: Exclude<ComponentState, "unknown">;
  message: string;
}

export interface StatusReadings {
  web: HttpProbeResult;
  streaming: HttpProbeResult;
  database: ServiceReading;
  redis: ServiceReading;
  /** null when Sidekiq's Redis could not be read. */
  sidekiq: SidekiqReading | null;
  media: MediaReading | null;
  probeTimeoutMs: number;
}

export interface Evaluated {
  id: ComponentId;
  state: ComponentState;
  message: string;
  responseMs: number | null;
}

/**
 * "Unknown" ranks above operational and below degraded: what could not be
 * measured is never read as better than a measured state (a queue nobody can
 * read is not "working normally"), and never hides a measured problem.
 */
const RANK: Record<ComponentState, number> = { operational: 0, unknown: 1, degraded: 2, outage: 3 };
/** The worst of the states; "unknown" for none. */
export const worstState = (states: readonly ComponentState[]): ComponentState =>
  states.length === 0 ? "unknown" : states.reduce((worst, s) => (RANK[s] > RANK[worst] ? s : worst));

function level(value: number, threshold: StatusThreshold): ComponentState {
  if (threshold.outage !== null && value >= threshold.outage) return "outage";
  return value >= threshold.degraded ? "degraded" : "operational";
}

function httpComponent(
  id: "web" | "streaming",
  probe: HttpProbeResult,
  threshold: StatusThreshold,
  timeoutMs: number,
): Evaluated {
  const texts = {
    web: {
      ok: (t: string) => `Working normally: the server answers in ${t}.`,
      slow: (t: string) => `The website and apps are slow: the server takes about ${t} to answer.`,
      down: "The website and apps are not working",
    },
    streaming: {
      ok: () => "New posts and notifications appear as they happen.",
      slow: (t: string) => `Live updates are slow: connecting takes about ${t}, so new posts may appear late.`,
      down: "Live updates are not working: new posts and notifications appear only when you refresh",
    },
  }[id];
  if (probe.outcome === "ok" && probe.ms !== null) {
    const state = level(probe.ms, threshold);
    const t = humanDuration(probe.ms);
    return { id, state, message: state === "operational" ? texts.ok(t) : texts.slow(t), responseMs: probe.ms };
  }
  const why = {
    error_status: "the server answers with an error",
    timeout: `the server did not answer within ${humanDuration(timeoutMs)}`,
    unreachable: "the server cannot be reached",
    ok: "the server answers with an error",
  }[probe.outcome];
  return { id, state: "outage", message: id === "web" ? `${texts.down}: ${why}.` : `${texts.down}.`, responseMs: null };
}

function serviceComponent(id: "database" | "redis", reading: ServiceReading, threshold: StatusThreshold): Evaluated {
  const words =
    id === "database"
      ? {
          ok: "Posts and accounts load and save normally.",
          slow: "The database is slow, so pages and apps may load slowly.",
          down: "The database is not answering, so posts and accounts cannot load.",
        }
      : {
          ok: "Timelines and queues respond normally.",
          slow: "Redis is slow, so timelines may load slowly.",
          down: "Redis is not answering: timelines, notifications and background work are stalled.",
        };
  if (!reading.ok || reading.latencyMs === null) return { id, state: "outage", message: words.down, responseMs: null };
  const state = level(reading.latencyMs, threshold);
  return { id, state, message: state === "operational" ? words.ok : words.slow, responseMs: reading.latencyMs };
}

type QueueName = "ingress" | "push" | "pull" | "default" | "mailers";

function queueLevel(
  sidekiq: SidekiqReading,
  name: QueueName,
  thresholds: StatusThresholds,
): { state: ComponentState; lateMs: number } {
  const q = sidekiq.queues.find((x) => x.name === name);
  // A queue Sidekiq has not created yet has nothing waiting; one whose key cannot be read is unknown.
  if (!q) return { state: "operational", lateMs: 0 };
  if (q.size === null || q.latencySeconds === null) return { state: "unknown", lateMs: 0 };
  const lateMs = q.size > 0 ? Math.max(0, q.latencySeconds) * 1000 : 0;
  return { state: level(lateMs, thresholds[name]), lateMs };
}

/** "ingress and push" for the queues whose figures could not be read. */
const unreadableLine = (names: string[]) =>
  `how late ${names.join(" and ")} ${names.length === 1 ? "is" : "are"} cannot be checked right now`;

const UNMEASURABLE = "Cannot be checked right now: Howdah cannot read the job queues.";
const UNREADABLE_QUEUE: Record<"ingress" | "push" | "pull", string> = {
  ingress: "posts from other servers",
  push: "posts going to other servers",
  pull: "link previews and remote media",
};

function federation(sidekiq: SidekiqReading | null, thresholds: StatusThresholds): Evaluated {
  if (!sidekiq) return { id: "federation", state: "unknown", message: UNMEASURABLE, responseMs: null };
  const parts: { state: ComponentState; text: string }[] = [];
  const lines: Record<"ingress" | "push" | "pull", (t: string) => string> = {
    ingress: (t) => `posts from other servers are arriving about ${t} late`,
    push: (t) => `your posts are reaching other servers about ${t} late`,
    pull: (t) => `link previews and media from other servers are loading about ${t} late`,
  };
  const unreadable: string[] = [];
  for (const name of ["ingress", "push", "pull"] as const) {
    const { state, lateMs } = queueLevel(sidekiq, name, thresholds);
    if (state === "unknown") unreadable.push(UNREADABLE_QUEUE[name]);
    else if (state !== "operational") parts.push({ state, text: lines[name](humanDuration(lateMs)) });
  }
  if (unreadable.length > 0) parts.push({ state: "unknown", text: unreadableLine(unreadable) });
  if (parts.length === 0)
    return {
      id: "federation",
      state: "operational",
      message: "Posts from other servers arrive, and yours go out, without delay.",
      responseMs: null,
    };
  const text = parts.map((p) => p.text).join("; ");
  return {
    id: "federation",
    state: worstState(parts.map((p) => p.state)),
    message: `${text[0]!.toUpperCase()}${text.slice(1)}.`,
    responseMs: null,
  };
}

function backgroundJobs(sidekiq: SidekiqReading | null, thresholds: StatusThresholds): Evaluated {
  const id = "background_jobs";
  if (!sidekiq) return { id, state: "unknown", message: UNMEASURABLE, responseMs: null };
  const { state, lateMs } = queueLevel(sidekiq, "default", thresholds);
  if (sidekiq.processesAlive === null && (state === "operational" || state === "unknown")) {
    return {
      id,
      state: "unknown",
      message: "Cannot be checked right now: Howdah cannot read which Sidekiq processes are running.",
      responseMs: null,
    };
  }
  if (sidekiq.processesAlive === 0) {
    return {
      id,
      state: "outage",
      message: "Background work has stopped: timelines, notifications and deliveries wait until it restarts.",
      responseMs: null,
    };
  }
  const message =
    state === "operational"
      ? "Home timelines and notifications are up to date."
      : state === "unknown"
        ? "Cannot be checked right now: Howdah cannot read the queue of home timelines and notifications."
        : `Home timelines and notifications are running about ${humanDuration(lateMs)} late.`;
  return { id, state, message, responseMs: null };
}

function email(sidekiq: SidekiqReading | null, thresholds: StatusThresholds): Evaluated {
  const id = "email";
  if (!sidekiq) return { id, state: "unknown", message: UNMEASURABLE, responseMs: null };
  const late = queueLevel(sidekiq, "mailers", thresholds);
  const failing = sidekiq.mailFailures === null ? "unknown" : level(sidekiq.mailFailures, thresholds.mail_failures);
  const parts: string[] = [];
  if (late.state === "degraded" || late.state === "outage")
    parts.push(`E-mails are going out about ${humanDuration(late.lateMs)} late.`);
  if (failing === "degraded") parts.push("Some e-mails could not be sent and are being retried.");
  if (failing === "outage") parts.push("Many e-mails could not be sent and are being retried.");
  const state = worstState([late.state, failing]);
  if (state === "unknown") parts.push("Whether e-mails are going out cannot be checked right now.");
  return { id, state, message: parts.length ? parts.join(" ") : "E-mails are going out normally.", responseMs: null };
}

function media(reading: MediaReading | null): Evaluated {
  if (!reading)
    return {
      id: "media",
      state: "unknown",
      message: "Not measured: Howdah does not know the storage's size yet.",
      responseMs: null,
    };
  return { id: "media", state: reading.state, message: reading.message, responseMs: null };
}

/** Every component, in the page's order. */
export function evaluateComponents(readings: StatusReadings, thresholds: StatusThresholds): Evaluated[] {
  return [
    httpComponent("web", readings.web, thresholds.web, readings.probeTimeoutMs),
    httpComponent("streaming", readings.streaming, thresholds.streaming, readings.probeTimeoutMs),
    federation(readings.sidekiq, thresholds),
    backgroundJobs(readings.sidekiq, thresholds),
    email(readings.sidekiq, thresholds),
    media(readings.media),
    serviceComponent("database", readings.database, thresholds.database),
    serviceComponent("redis", readings.redis, thresholds.redis),
  ];
}

/**
 * The banner at the top of the page, from the components' states as shown
 * (measured, incidents and maintenance combined). A component that cannot be
 * read makes it "unknown", never "working normally"; maintenance under way
 * ranks above that and below a problem. Media is the exception: it is not
 * measured until an admin gives the storage's size, a choice rather than a
 * failure, so its "not measured" leaves the banner alone.
 */
const BANNER_RANK: Record<AnyState, number> = { operational: 0, unknown: 1, maintenance: 2, degraded: 3, outage: 4 };

export function overallLine(components: readonly { id: ComponentId; state: AnyState }[]): {
  state: AnyState;
  text: string;
} {
  const counted = components.filter((c) => !(c.id === "media" && c.state === "unknown")).map((c) => c.state);
  const worst: AnyState = counted.length
    ? counted.reduce((w, s) => (BANNER_RANK[s] > BANNER_RANK[w] ? s : w))
    : "unknown";
  if (worst === "outage") return { state: worst, text: "Some parts of the server are down" };
  if (worst === "degraded") return { state: worst, text: "Some parts of the server are slow" };
  if (worst === "maintenance") return { state: worst, text: "Planned maintenance is under way" };
  if (worst === "operational") return { state: worst, text: "Everything is working normally" };
  if (counted.some((s) => s !== "unknown"))
    return { state: "unknown", text: "Some parts of the server cannot be checked right now" };
  return { state: "unknown", text: "The server's state cannot be checked right now" };
}
