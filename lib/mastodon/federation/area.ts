import "server-only";
import type { GatewayBase } from "../gateway/base";
import { describeServiceFailure, withService, type ServiceName } from "../service-errors";
import {
  countBySeverity,
  coveringBlocks,
  listBlocks,
  readBlock,
  readExportRows,
  subdomainBlocks,
  type BlockListQuery,
  type DomainBlockRow,
  type ExportRow,
  type ListedBlock,
} from "./block-rows";
import {
  createBlock,
  destroyBlock,
  updateBlock,
  type BlockActor,
  type BlockChange,
  type BlockFields,
  type BlockWriteDeps,
  type WriteOptions,
  type WriteSource,
} from "./block-writes";
import { writeBlockPage, type PageOutcome, type PageRow } from "./block-page-writes";
import { readDomainFigures, type DomainFigures } from "./domain-figures";
import { refreshInstances } from "./instances-view";
import {
  createAllow,
  destroyAllow,
  listAllows,
  readAllowRemovalFigures,
  type AllowChange,
  type AllowRow,
} from "./allow-writes";
import { readDossierFacts, type DomainDossierFacts } from "./dossier-reads";
import { listLargeDomains, readDossierCounts, type DossierCounts } from "./dossier-counts";
import {
  allowsUnder,
  blocksUnder,
  markedAccountsByBlock,
  severedFollowsByDomain,
  type SeveredFollows,
} from "./import-reads";
import { displayDomain, normalizeDomain, type DomainCheck } from "./domain-name";
import type { Severity } from "./severity";

export type { BlockListQuery, BlockSort, DomainBlockRow, ExportRow, ListedBlock } from "./block-rows";
export { BLOCK_SORTS } from "./block-rows";
export type { BlockActor, BlockChange, BlockFields, BlockJob, WriteOptions, WriteSource } from "./block-writes";
export { guardMessage, needsSuspendConfirmation } from "./block-writes";
export type { DomainFigures } from "./domain-figures";
export type { PageOutcome, PageRow } from "./block-page-writes";
export type { SeveredFollows } from "./import-reads";
export type { DomainDossierFacts } from "./dossier-reads";
export type { DossierCounts } from "./dossier-counts";
export type { AllowChange, AllowRow } from "./allow-writes";
export type { DomainCheck } from "./domain-name";
export { domainVariants, normalizeDomain as normalizeDomainName } from "./domain-name";
export type { InstancesRefresh } from "./instances-view";
export { SEVERITIES, describePolicy, isSeverity, stricterThan, type BlockPolicy, type Severity } from "./severity";

/**
 * Federation: domain blocks (rows, the rules covering a domain, figures for
 * the impact preview, the export rows) and their writes, exactly as
 * Mastodon's admin makes them.
 */
export function createFederationArea(base: GatewayBase) {
  const c = base.connections;
  const replica: ServiceName = c.hasReplica ? "PostgreSQL replica" : "PostgreSQL";
  const write = async (run: (deps: BlockWriteDeps) => Promise<BlockChange>): Promise<BlockChange> => {
    const deps = { mastodon: c, version: await base.version() };
    return withService("PostgreSQL", () => run(deps));
  };
  return {
    /** Mastodon's normalisation of a typed domain (IDN to punycode, lower case), or why it is refused. */
    normalizeDomain(input: string): DomainCheck {
      return normalizeDomain(input);
    },
    displayDomain,
    /** One page of blocks, filtered and sorted, from the primary (an admin expects to see what they just saved). */
    listBlocks(query: BlockListQuery): Promise<{ total: number; rows: ListedBlock[] }> {
      return withService("PostgreSQL", () => listBlocks(c.db, query));
    },
    readBlock(id: string): Promise<DomainBlockRow | null> {
      return withService("PostgreSQL", () => readBlock(c.db, id));
    },
    /** The blocks on the domain and its parents, most specific (the one Mastodon applies) first. */
    coveringBlocks(domain: string): Promise<DomainBlockRow[]> {
      return withService("PostgreSQL", () => coveringBlocks(c.db, domain));
    },
    /** Blocks on sub-domains of the domain, each of which overrides it for its own hosts. */
    subdomainBlocks(domain: string): Promise<DomainBlockRow[]> {
      return withService("PostgreSQL", () => subdomainBlocks(c.db, domain));
    },
    countBySeverity(): Promise<Record<Severity | "unset", number>> {
      return withService(replica, () => countBySeverity(c.readDb));
    },
    /** Accounts, follows with local accounts, cached media, open reports and past severances of a domain. */
    readDomainFigures(domain: string, blockId: string | null): Promise<DomainFigures> {
      return withService(replica, () => readDomainFigures(c.readDb, domain, blockId));
    },
    /** The dossier's live facts: the server's allow and its logged block history. */
    readDossierFacts(domain: string): Promise<DomainDossierFacts> {
      return withService(replica, () => readDossierFacts(c.readDb, domain));
    },
    /** The dossier's counts (accounts, follows with local accounts, statuses, reports): they grow with the server. */
    readDossierCounts(domain: string): Promise<DossierCounts> {
      return withService(replica, () => readDossierCounts(c.readDb, domain));
    },
    /** Servers with at least this many accounts by the instances view, largest first. */
    listLargeDomains(minAccounts: number, limit: number): Promise<string[]> {
      return withService(replica, () => listLargeDomains(c.readDb, minAccounts, limit));
    },
    /** Import preview: the blocks stored under any of these domains (each file domain and its parents). */
    blocksUnder(variants: string[]): Promise<DomainBlockRow[]> {
      return withService("PostgreSQL", () => blocksUnder(c.db, variants));
    },
    /** Import preview: which of these domains have a domain allow. */
    allowsUnder(variants: string[]): Promise<string[]> {
      return withService("PostgreSQL", () => allowsUnder(c.db, variants));
    },
    /** Per domain, the follows with local accounts a suspension of it severs (as each one's impact preview counts). */
    severedFollowsByDomain(domains: string[]): Promise<Map<string, SeveredFollows>> {
      return withService(replica, () => severedFollowsByDomain(c.readDb, domains));
    },
    /** Rollback plan: accounts each block's created_at marks as silenced or suspended (what undoing it releases). */
    markedAccountsByBlock(ids: string[]): Promise<Map<string, { silenced: number; suspended: number }>> {
      return withService(replica, () => markedAccountsByBlock(c.readDb, ids));
    },
    /** Domain allows (what federates in limited federation mode), by domain. */
    listAllows(): Promise<AllowRow[]> {
      return withService("PostgreSQL", () => listAllows(c.db));
    },
    /** What removing an allow destroys in limited mode: the domain's accounts and the reports by or against them. */
    readAllowRemovalFigures(id: string) {
      return withService("PostgreSQL", () => readAllowRemovalFigures(c.db, id));
    },
    async createAllow(actor: BlockActor, domain: string): Promise<AllowChange> {
      const deps = { mastodon: c, version: await base.version() };
      return withService("PostgreSQL", () => createAllow(deps, actor, domain));
    },
    async destroyAllow(actor: BlockActor, input: { id: string; limitedFederationMode: boolean }): Promise<AllowChange> {
      const deps = { mastodon: c, version: await base.version() };
      return withService("PostgreSQL", () => destroyAllow(deps, actor, input));
    },
    readExportRows(): Promise<ExportRow[]> {
      return withService("PostgreSQL", () => readExportRows(c.db));
    },
    createBlock(
      actor: BlockActor,
      input: BlockFields & { domain: string; confirmed: boolean },
      source: WriteSource,
      options?: WriteOptions,
    ): Promise<BlockChange> {
      return write((d) => createBlock(d, actor, input, source, options));
    },
    updateBlock(
      actor: BlockActor,
      input: BlockFields & { id: string; confirmed: boolean },
      source: WriteSource,
      options?: WriteOptions,
    ): Promise<BlockChange> {
      return write((d) => updateBlock(d, actor, input, source, options));
    },
    destroyBlock(
      actor: BlockActor,
      input: { id: string },
      source: WriteSource,
      options?: WriteOptions,
    ): Promise<BlockChange> {
      return write((d) => destroyBlock(d, actor, input, source, options));
    },
    /** A batch page of creates and edits in one transaction, each row as the form writes it (block-page-writes.ts). */
    async writeBlockPage(actor: BlockActor, rows: readonly PageRow[], source: WriteSource): Promise<PageOutcome[]> {
      const deps = { mastodon: c, version: await base.version() };
      return withService("PostgreSQL", () => writeBlockPage(deps, actor, rows, source));
    },
    /**
     * A batch's own refresh of the `instances` view (see WriteOptions): before
     * its first row, after each page and at its end. A failure is reported, not
     * thrown: the rows stand, and Mastodon's hourly refresh catches up.
     */
    async refreshInstancesForBatch(): Promise<string | null> {
      const version = await base.version();
      try {
        await withService("PostgreSQL", () => refreshInstances(c.db, version));
        return null;
      } catch (error) {
        return `the instances view could not be refreshed (${describeServiceFailure(error)})`;
      }
    },
  };
}

export type FederationArea = ReturnType<typeof createFederationArea>;
