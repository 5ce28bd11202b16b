import "server-only";
import {
  describePolicy,
  domainVariants,
  guardMessage,
  stricterThan,
  type BlockFields,
  type DomainBlockRow,
  type SeveredFollows,
  type Severity,
} from "@/lib/mastodon/federation/area";
import type { ItemClass, NewBatchItem } from "@/lib/store/block-batches";
import type { ImportRow, ParsedList } from "./parse";

/**
 * Sorting every row of an import against the blocks as they are, in memory,
 * from one read of each kind for the whole file (see import-reads.ts):
 *
 * - new: no block covers the domain (or only a parent's looser one, which a
 *   stricter sub-domain block legitimately refines);
 * - stricter: the domain's own block exists and the row is stricter (the
 *   create form's "upgrade": the row is updated in place, created_at kept);
 * - looser: the own block is stricter than the row: applying it loosens the
 *   block (an edit), so it is never chosen by default;
 * - unchanged: the own block already has these settings;
 * - covered: a parent block (stored, or an earlier... any row of this file)
 *   is at least as strict: the row adds nothing; or it is looser than a
 *   stored parent, which Mastodon's guard refuses (it would un-block the
 *   sub-domain), so it cannot be chosen at all;
 * - allowed: the domain has a domain allow (a block contradicts it);
 * - malformed: the line could not be read (its message and line number).
 *
 * A row that could be written has `fields`; the others have none and cannot
 * be chosen. Suspensions that would sever follows with local accounts are
 * flagged with the count and, as in Mastodon's import, not chosen by default.
 */
export interface ClassifyState {
  blocks: DomainBlockRow[];
  allows: string[];
  /** Per file domain, what suspending it severs (severedFollowsByDomain: its impact preview's figures). */
  follows: Map<string, SeveredFollows>;
}

export function classifyRows(parsed: ParsedList, severity: Severity | null, state: ClassifyState): NewBatchItem[] {
  const blocks = new Map(state.blocks.map((b) => [b.domain, b]));
  const allows = new Set(state.allows);
  const wanted = new Map<string, { row: ImportRow; fields: BlockFields }>();
  for (const row of parsed.rows)
    wanted.set(row.domain, { row, fields: fieldsOf(row, severity, blocks.get(row.domain)) });

  const items: NewBatchItem[] = parsed.malformed.map((m) => ({
    line: m.line,
    domain: m.text,
    class: "malformed",
    selected: false,
    fields: null,
    note: `Line ${m.line}: ${m.message}`,
    severs: 0,
  }));
  for (const { row, fields } of wanted.values()) {
    const variants = domainVariants(row.domain);
    const own = blocks.get(row.domain) ?? null;
    const covering = variants.map((v) => blocks.get(v)).filter((b): b is DomainBlockRow => b !== undefined);
    const parent = covering.find((b) => b.domain !== row.domain) ?? null;
    const fileParent = variants
      .slice(1)
      .map((v) => wanted.get(v))
      .find((p) => p !== undefined);
    const cut = fields.severity === "suspend" ? severedCount(state.follows.get(row.domain)) : 0;
    const item = (klass: ItemClass, note: string | null, choosable = true, chosen = choosable): NewBatchItem => ({
      line: row.line,
      domain: row.domain,
      class: klass,
      selected: chosen && choosable && cut === 0,
      fields: choosable ? { ...fields, display: row.display } : null,
      note: cut > 0 ? [note, `Severs ${cut} follow(s) with local accounts.`].filter(Boolean).join(" ") : note,
      severs: cut,
    });

    if (allows.has(row.domain)) {
      items.push(item("allowed", `${row.display} has a domain allow; blocking it contradicts the allow.`, true, false));
      continue;
    }
    // Parents only: the own block is what the row replaces (createBlock upgrades it, updateBlock edits it).
    const refused = guardMessage(covering, row.domain, fields, false);
    if (own) {
      const same = samePolicy(fields, own);
      if (same && fields.obfuscate === own.obfuscate)
        items.push(item("unchanged", "Already blocked like this.", false));
      else if (refused) items.push(item("covered", refused, false));
      else if (stricterThan(fields, own) && (!same || fields.obfuscate))
        items.push(item("stricter", `Today: ${describePolicy(own)}.`));
      else items.push(item("looser", `Today: ${describePolicy(own)}; this loosens it.`, true, false));
      continue;
    }
    if (refused) {
      items.push(item("covered", refused, false));
      continue;
    }
    if (parent && samePolicy(fields, parent)) {
      items.push(item("covered", `${parent.display} is already blocked (${describePolicy(parent)}).`, true, false));
      continue;
    }
    if (fileParent && stricterThan(fileParent.fields, fields) && !strictlyStricter(fields, fileParent.fields)) {
      const note = `Line ${fileParent.row.line} blocks ${fileParent.row.display}, which covers this domain.`;
      items.push(item("covered", note, true, false));
      continue;
    }
    items.push(
      item("new", parent ? `Stricter than the block on ${parent.display} (${describePolicy(parent)}).` : null),
    );
  }
  return items.sort((a, b) => a.line - b.line);
}

/**
 * The domains whose follows the preview must count: a row severs follows only
 * when it suspends (a silence or noop purges nothing), so only those rows'
 * domains go to severedFollowsByDomain.
 */
export function suspendingDomains(parsed: ParsedList, severity: Severity | null): string[] {
  return parsed.rows.filter((r) => (r.severity ?? severity) === "suspend").map((r) => r.domain);
}

/** The block a row asks for; on a domain with its own block, its comments are kept unless the file brings one. */
function fieldsOf(row: ImportRow, severity: Severity | null, own: DomainBlockRow | undefined): BlockFields {
  return {
    severity: (row.severity ?? severity)!,
    rejectMedia: row.rejectMedia,
    rejectReports: row.rejectReports,
    obfuscate: row.obfuscate,
    // The admin's own private comment is never replaced; a new block takes the file's (FediBlockHole has one).
    privateComment: own ? (own.privateComment ?? "") : (row.privateComment ?? ""),
    publicComment: row.publicComment ?? own?.publicComment ?? "",
  };
}

const samePolicy = (a: BlockFields, b: DomainBlockRow) =>
  a.severity === b.severity && a.rejectMedia === b.rejectMedia && a.rejectReports === b.rejectReports;
const strictlyStricter = (a: BlockFields, b: BlockFields) =>
  stricterThan(a, b) &&
  !(a.severity === b.severity && a.rejectMedia === b.rejectMedia && a.rejectReports === b.rejectReports);

/** Follows both ways, as the row's own impact preview counts them (a sub-domain's accounts included). */
const severedCount = (f: SeveredFollows | undefined) => (f ? f.localFollowing + f.localFollowers : 0);
