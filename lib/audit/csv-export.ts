import "server-only";
import { stringify } from "csv-stringify/sync";
import { auditActionName } from "@/lib/shared/audit-actions";
import type { ServerContext } from "@/lib/server/context";
import { eachAuditEntry, recordAudit, type AuditFilter, type AuditRecord } from "@/lib/store/audit";

/**
 * The audit log as CSV, for the filters the page shows (csv-stringify does
 * the quoting: commas, quotes and line breaks inside cells). Streamed a
 * thousand entries at a time, so a long log never sits whole in memory.
 *
 * Cells are written by staff and by remote servers (relay inbox URLs, job
 * ids, sign-in refusal reasons), and a spreadsheet runs a cell that starts
 * with = + - @ (or a tab or carriage return) as a formula: such cells get a
 * leading apostrophe, as OWASP recommends, so they open as plain text.
 */
const COLUMNS = [
  "id",
  "time_utc",
  "actor",
  "action",
  "action_name",
  "target_type",
  "target",
  "outcome",
  "ip",
  "details",
];

export function neutralizeFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function cells(row: AuditRecord): string[] {
  return [
    row.id,
    row.createdAt.toISOString(),
    row.actorAcct ?? "",
    row.action,
    auditActionName(row.action),
    row.targetType ?? "",
    row.target ?? "",
    row.outcome,
    row.ip ?? "",
    row.details === null || row.details === undefined ? "" : JSON.stringify(row.details),
  ].map(neutralizeFormula);
}

export function auditCsvChunk(rows: AuditRecord[], header: boolean): string {
  return stringify(rows.map(cells), { header, columns: header ? COLUMNS : undefined, record_delimiter: "\r\n" });
}

export function auditCsvResponse(context: ServerContext, filter: AuditFilter, now = new Date()): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      try {
        const store = await context.store();
        let header = true;
        for await (const rows of eachAuditEntry(store, filter)) {
          controller.enqueue(encoder.encode(auditCsvChunk(rows, header)));
          header = false;
        }
        if (header) controller.enqueue(encoder.encode(auditCsvChunk([], true)));
        controller.close();
      } catch (error) {
        controller.error(error);
      }
    },
  });
  const stamp = now.toISOString().slice(0, 19).replaceAll(":", "").replace("T", "-");
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="howdah-audit-${stamp}.csv"`,
      "cache-control": "no-store",
    },
  });
}

/** Exporting the log is itself recorded, with the filters used. */
export async function exportAuditCsv(
  context: ServerContext,
  actor: { accountId: string; acct: string },
  ip: string | null,
  filter: AuditFilter,
): Promise<Response> {
  const details = Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined));
  await recordAudit(await context.store(), { actor, action: "audit.export", details, ip });
  return auditCsvResponse(context, filter);
}
