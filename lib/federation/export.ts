import "server-only";
import { stringify } from "csv-stringify/sync";
import type { ExportRow } from "@/lib/mastodon/federation/area";
import type { ServerContext } from "@/lib/server/context";
import { recordAudit } from "@/lib/store/audit";

/**
 * Mastodon's domain block export (Admin::ExportDomainBlocksController#export,
 * same in 4.3 and 4.6; facts A6): `domain_blocks.csv`, header
 * `#domain,#severity,#reject_media,#reject_reports,#public_comment,#obfuscate`,
 * the blocks with limitations (silence or suspend, or reject media) by id,
 * severity as its enum name, booleans as true/false. Ruby's CSV writer:
 * "\n" line ends, a field quoted only when it holds a comma, a quote or a line
 * break, nil as an empty field and an empty string as `""` (quote_empty).
 *
 * With private comments, Howdah appends a `#private_comment` column. Mastodon's
 * importer reads columns by name and ignores unknown ones, so such a file
 * still imports there (without the comments).
 *
 * No formula-injection escaping: Mastodon's export has none, and prefixing a
 * cell starting with = + - @ would change the domain or comment another
 * server imports. The file is for Mastodon's importer; a spreadsheet user is
 * warned on the page instead.
 */
export const EXPORT_HEADER = [
  "#domain",
  "#severity",
  "#reject_media",
  "#reject_reports",
  "#public_comment",
  "#obfuscate",
];

export function exportCsv(rows: ExportRow[], withPrivateComments: boolean): string {
  const header = withPrivateComments ? [...EXPORT_HEADER, "#private_comment"] : EXPORT_HEADER;
  const records = rows.map((r) => {
    const record: (string | boolean | null)[] = [
      r.domain,
      r.severity,
      r.rejectMedia,
      r.rejectReports,
      r.publicComment,
      r.obfuscate,
    ];
    if (withPrivateComments) record.push(r.privateComment);
    return record;
  });
  return stringify([header, ...records], {
    record_delimiter: "unix",
    cast: {
      boolean: (value) => (value ? "true" : "false"),
      string: (value) => (value === "" ? { value: "", quoted_empty: true } : value),
    },
  });
}

/**
 * The file, and an entry in Howdah's audit log when an admin takes it (Mastodon logs no export): a copy
 * with private comments carries staff notes out of the instance.
 */
export async function exportDomainBlocks(
  context: ServerContext,
  withPrivateComments: boolean,
  actor?: { staff: { accountId: string; acct: string }; ip: string | null },
): Promise<{ filename: string; body: string; rows: number }> {
  const rows = await context.mastodon.federation.readExportRows();
  if (actor) {
    await recordAudit(await context.store(), {
      actor: { accountId: actor.staff.accountId, acct: actor.staff.acct },
      action: "domain_block.export",
      targetType: "DomainBlock",
      target: "domain_blocks.csv",
      ip: actor.ip,
      details: { privateComments: withPrivateComments, rows: rows.length },
    });
  }
  return { filename: "domain_blocks.csv", body: exportCsv(rows, withPrivateComments), rows: rows.length };
}
