import { PAGES } from "@/lib/auth/access";
import { staffRoute } from "@/lib/http/route";
import { getTriageFigures } from "@/lib/reports/figures";

export const dynamic = "force-dynamic";

/** Triage figures: for those who triage (manage_reports). */
export const GET = staffRoute({ access: PAGES.reports }, ({ context }) => getTriageFigures(context));
