import "server-only";
import type { Staff } from "@/lib/auth/current-staff";
import { HowdahError } from "@/lib/errors";
import type { QueueFilters } from "@/lib/mastodon/reports/area";
import type { ServerContext } from "@/lib/server/context";
import { shapeCard, type QueueCard } from "./cards";
import type { QueueInput } from "./queue-input";

/**
 * The triage queue page's data: one page of grouped items (each with the
 * card of its most urgent report), the faceted counts beside each filter,
 * and the rules to filter by. Ordering and grouping are the gateway's
 * (lib/mastodon/reports/queue-reads.ts); this shapes and sanitizes.
 */
export interface QueueItem {
  key: string;
  kind: "account" | "domain" | "report";
  domain: string | null;
  /** Every report of the item (what bulk select and the a / r keys act on). */
  reportIds: string[];
  reports: number;
  accounts: number;
  oldestAt: string;
  card: QueueCard;
}

export interface ReportQueue {
  items: QueueItem[];
  /** Grouped items in the whole filtered queue. */
  total: number;
  /** Reports in the whole filtered queue. */
  totalReports: number;
  counts: Record<string, number>;
  ruleCounts: Record<string, number>;
  rules: { id: string; text: string; deleted: boolean }[];
  offset: number;
  limit: number;
  /** Where Mastodon's own admin lives, for links to what Howdah does not do. */
  mastodonBase: string;
  /** The viewer's account id, so the page can say "you" for their own assignments. */
  viewerAccountId: string;
}

export async function getReportQueue(
  context: ServerContext,
  staff: Pick<Staff, "accountId">,
  input: QueueInput,
): Promise<ReportQueue> {
  const reports = context.mastodon.reports;
  let domain = input.domain;
  if (domain) {
    const checked = context.mastodon.federation.normalizeDomain(domain);
    if (!checked.ok) throw new HowdahError("bad_request", `The domain filter: ${checked.message}`);
    domain = checked.domain;
  }
  const filters: QueueFilters = {
    state: input.state,
    assigned: input.assigned,
    me: staff.accountId,
    category: input.category,
    ruleId: input.rule,
    target: input.target,
    targetDomain: domain,
    reporter: input.reporter,
    forwarded: input.forwarded,
  };
  const [page, facets, rules] = await Promise.all([
    reports.listQueueGroups(filters, { offset: input.offset, limit: input.limit }),
    reports.countQueueFacets(filters),
    reports.readRules(),
  ]);
  const cards = await reports.readQueueCards(page.groups.map((g) => g.leadId));
  const ruleText = new Map(rules.map((r) => [r.id, r.text]));
  const items = page.groups.flatMap((g): QueueItem[] => {
    const lead = cards.get(g.leadId);
    if (!lead) return []; // deleted between the two reads
    return [
      {
        key: g.key,
        kind: g.kind,
        domain: g.domain,
        reportIds: g.reportIds,
        reports: g.reports,
        accounts: g.accounts,
        oldestAt: g.oldestAt,
        card: shapeCard(lead, ruleText),
      },
    ];
  });
  return {
    items,
    total: page.total,
    totalReports: page.totalReports,
    counts: facets.options,
    ruleCounts: facets.rules,
    rules: rules.map(({ id, text, deleted }) => ({ id, text, deleted })),
    offset: input.offset,
    limit: input.limit,
    mastodonBase: `https://${context.config.mastodon.webDomain}`,
    viewerAccountId: staff.accountId,
  };
}
