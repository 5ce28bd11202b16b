import "server-only";
import type { OpenFigures, TriageWindowFigures } from "@/lib/mastodon/reports/area";
import type { ServerContext } from "@/lib/server/context";

/** The triage figures: the open queue now, and how fast reports were handled over the last 30 days. */
export const TRIAGE_WINDOW_DAYS = 30;

export interface TriageFigures {
  open: OpenFigures;
  window: TriageWindowFigures;
  /** When these were read (UTC ISO), for ages computed in the browser. */
  at: string;
}

export async function getTriageFigures(context: ServerContext): Promise<TriageFigures> {
  const [open, window] = await Promise.all([
    context.mastodon.reports.readOpenFigures(),
    context.mastodon.reports.readTriageWindow(TRIAGE_WINDOW_DAYS),
  ]);
  return { open, window, at: new Date().toISOString() };
}
