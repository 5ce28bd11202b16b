"use client";

import Link from "next/link";
import { useState } from "react";
import { Card } from "@/components/ui/card";
import { DateTime } from "@/components/ui/date-time";
import { Notice } from "@/components/ui/notice";
import { useBlockImpact, useDomainBlocks, useRemoveBlock } from "@/lib/client/use-domain-blocks";
import type { BlockList } from "@/lib/federation/blocks";
import type { ListedBlock } from "@/lib/mastodon/federation/block-rows";
import { CARD_LINK } from "@/components/ui/link-styles";
import { AllowsCard } from "./allows-card";
import { dossierHref } from "@/lib/shared/dossier-href";
import { BLOCK_SORT_OPTIONS, severityLabel } from "@/lib/shared/domain-blocks";
import { formatCount, formatCountOf } from "@/lib/shared/format";
import { BlockForm, DANGER, PRIMARY, SECONDARY } from "./block-form";
import { ImpactPanel } from "./impact-panel";

const PAGE_SIZE = 50;
const SELECT = "min-h-11 w-full rounded-md border border-line bg-surface px-3 text-base sm:text-sm";
const EMPTY_FILTERS = {
  q: "",
  severity: "",
  rejectMedia: "",
  rejectReports: "",
  obfuscate: "",
  privateComment: "",
  sort: "domain",
  dir: "asc",
};

type Editing =
  { mode: "create" } | { mode: "edit"; block: ListedBlock } | { mode: "remove"; block: ListedBlock } | null;

/** The domain blocks page: Mastodon's blocks with their impact shown before every change. */
export function DomainBlocksView({ initial, problem }: { initial?: BlockList; problem: string | null }) {
  const [filters, setFilters] = useState(EMPTY_FILTERS);
  const [offset, setOffset] = useState(0);
  const [editing, setEditing] = useState<Editing>(null);
  const [flash, setFlash] = useState<string | null>(null);
  const params = Object.fromEntries(
    Object.entries({ ...filters, offset: String(offset), limit: String(PAGE_SIZE) }).filter(([, v]) => v !== ""),
  );
  const isInitial = JSON.stringify(filters) === JSON.stringify(EMPTY_FILTERS) && offset === 0;
  const { data, error, isFetching } = useDomainBlocks(params, isInitial ? initial : undefined);
  const set = (key: keyof typeof EMPTY_FILTERS) => (value: string) => {
    setFilters((f) => ({ ...f, [key]: value }));
    setOffset(0);
  };
  const done = (message: string) => {
    setEditing(null);
    setFlash(message);
  };

  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-bold">Domain blocks</h1>
        <p className="text-sm text-muted">
          Limit or cut off other servers, as Mastodon&apos;s own moderation does, with what each change does shown
          before it is made.
        </p>
      </div>
      {problem ? <Notice tone="bad">{problem}</Notice> : null}
      {error ? <Notice tone="warn">Could not refresh the blocks: {error.message}</Notice> : null}
      {data?.limitedFederationMode ? (
        <Notice tone="warn" title="Limited federation mode">
          This server federates only with the servers it allows, so these blocks decide nothing until that mode is
          turned off.
        </Notice>
      ) : null}
      {data && !data.writable ? <Notice tone="warn">{data.readOnlyReason}</Notice> : null}
      {flash ? <Notice tone="info">{flash}</Notice> : null}

      {data ? (
        <p className="text-sm" aria-label="Blocks by severity">
          {formatCount(data.counts.suspend)} suspended · {formatCount(data.counts.silence)} limited ·{" "}
          {formatCount(data.counts.noop)} media or reports only
          {data.counts.unset > 0 ? ` · ${formatCount(data.counts.unset)} without a severity` : ""}
        </p>
      ) : null}

      <div className="flex flex-wrap gap-2">
        {data?.writable ? (
          <button type="button" className={PRIMARY} onClick={() => setEditing({ mode: "create" })}>
            New block
          </button>
        ) : null}
        <a className={SECONDARY} href="/federation/imports">
          Import and batches
        </a>
        <a className={SECONDARY} href="/federation/subscriptions">
          Subscriptions
        </a>
        <a className={SECONDARY} href="/api/federation/blocks/export?private=0" download>
          Export CSV
        </a>
        <a className={SECONDARY} href="/api/federation/blocks/export?private=1" download>
          Export with private comments
        </a>
      </div>
      <p className="text-sm text-muted">
        The export is Mastodon&apos;s own format, for another server&apos;s import; like Mastodon&apos;s, its cells are
        not escaped for spreadsheets, so do not open it in one from an untrusted source.
      </p>

      {editing?.mode === "create" ? (
        <Card title="New domain block">
          <BlockForm onDone={done} onCancel={() => setEditing(null)} />
        </Card>
      ) : null}

      {data?.limitedFederationMode ? <AllowsCard writable={data.writable} /> : null}

      <Card title="Blocks">
        <Filters filters={filters} set={set} />
        {data ? (
          <p className="mt-3 text-sm text-muted" aria-live="polite">
            {data.total === 0
              ? "No block matches."
              : `${formatCount(offset + 1)}–${formatCount(Math.min(offset + PAGE_SIZE, data.total))} ` +
                `of ${formatCount(data.total)}`}
            {isFetching ? " · updating…" : ""}
          </p>
        ) : null}
        <ul className="mt-2 divide-y divide-line" aria-label="Domain blocks">
          {data?.rows.map((b) => (
            <li key={b.id} className="py-3">
              <BlockRow
                block={b}
                writable={data.writable}
                onEdit={() => setEditing({ mode: "edit", block: b })}
                onRemove={() => setEditing({ mode: "remove", block: b })}
              />
              {editing && editing.mode !== "create" && editing.block.id === b.id ? (
                <div className="mt-3">
                  {editing.mode === "edit" ? (
                    <BlockForm block={b} onDone={done} onCancel={() => setEditing(null)} />
                  ) : (
                    <RemovePanel block={b} onDone={done} onCancel={() => setEditing(null)} />
                  )}
                </div>
              ) : null}
            </li>
          ))}
        </ul>
        {data && data.total > PAGE_SIZE ? (
          <div className="mt-3 flex flex-wrap gap-2">
            <button
              type="button"
              className={SECONDARY}
              disabled={offset === 0}
              onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}
            >
              Previous
            </button>
            <button
              type="button"
              className={SECONDARY}
              disabled={offset + PAGE_SIZE >= data.total}
              onClick={() => setOffset(offset + PAGE_SIZE)}
            >
              Next
            </button>
          </div>
        ) : null}
      </Card>
    </div>
  );
}

function Filters({
  filters,
  set,
}: {
  filters: typeof EMPTY_FILTERS;
  set: (key: keyof typeof EMPTY_FILTERS) => (value: string) => void;
}) {
  const yesNo = (key: "rejectMedia" | "rejectReports" | "obfuscate" | "privateComment", label: string) => (
    <label className="block text-sm">
      <span className="font-medium">{label}</span>
      <select className={SELECT} value={filters[key]} onChange={(e) => set(key)(e.target.value)}>
        <option value="">Any</option>
        <option value="true">Yes</option>
        <option value="false">No</option>
      </select>
    </label>
  );
  return (
    <div className="grid grid-cols-1 gap-2 sm:grid-cols-2 lg:grid-cols-4">
      <label className="block text-sm sm:col-span-2">
        <span className="font-medium">Search domains</span>
        <input
          type="search"
          className={SELECT}
          value={filters.q}
          onChange={(e) => set("q")(e.target.value)}
          placeholder="example"
          autoCapitalize="none"
          spellCheck={false}
        />
      </label>
      <label className="block text-sm">
        <span className="font-medium">Severity</span>
        <select className={SELECT} value={filters.severity} onChange={(e) => set("severity")(e.target.value)}>
          <option value="">Any</option>
          <option value="suspend">Suspend</option>
          <option value="silence">Limit</option>
          <option value="noop">None</option>
        </select>
      </label>
      <label className="block text-sm">
        <span className="font-medium">Sort by</span>
        <select
          className={SELECT}
          value={`${filters.sort}:${filters.dir}`}
          onChange={(e) => {
            const [sort, dir] = e.target.value.split(":");
            set("sort")(sort!);
            set("dir")(dir!);
          }}
        >
          {BLOCK_SORT_OPTIONS.flatMap((o) => [
            <option key={`${o.value}:asc`} value={`${o.value}:asc`}>
              {o.label} {o.value === "domain" ? "(A–Z)" : o.value === "severity" ? "(least first)" : "(oldest first)"}
            </option>,
            <option key={`${o.value}:desc`} value={`${o.value}:desc`}>
              {o.label} {o.value === "domain" ? "(Z–A)" : o.value === "severity" ? "(most first)" : "(newest first)"}
            </option>,
          ])}
        </select>
      </label>
      {yesNo("rejectMedia", "Rejects media")}
      {yesNo("rejectReports", "Rejects reports")}
      {yesNo("obfuscate", "Obfuscated")}
      {yesNo("privateComment", "Has a private comment")}
    </div>
  );
}

function BlockRow({
  block,
  writable,
  onEdit,
  onRemove,
}: {
  block: ListedBlock;
  writable: boolean;
  onEdit: () => void;
  onRemove: () => void;
}) {
  const tone =
    block.severity === "suspend"
      ? "bg-bad-soft text-bad"
      : block.severity === "silence"
        ? "bg-warn-soft text-warn"
        : "bg-canvas text-muted";
  return (
    <div className="flex flex-col gap-2 lg:flex-row lg:items-start lg:justify-between">
      <div className="min-w-0 space-y-1 text-sm">
        <div className="flex flex-wrap items-center gap-2">
          <Link href={dossierHref(block.domain)} className={`${CARD_LINK} break-all text-base font-medium`}>
            {block.display}
          </Link>
          <span className={`rounded px-2 py-0.5 font-medium ${tone}`}>{severityLabel(block.severity)}</span>
          {block.rejectMedia ? <Chip>rejects media</Chip> : null}
          {block.rejectReports ? <Chip>rejects reports</Chip> : null}
          {block.obfuscate ? <Chip>obfuscated</Chip> : null}
        </div>
        {block.display !== block.domain ? <p className="break-all text-muted">{block.domain}</p> : null}
        {block.publicComment ? <p className="break-words">Public: {block.publicComment}</p> : null}
        {block.privateComment?.trim() ? (
          <p className="break-words text-muted">Private: {block.privateComment}</p>
        ) : null}
        {block.parent ? (
          <p className="text-muted">
            Under the block on <span className="break-all">{block.parent.domain}</span> (
            {severityLabel(block.parent.severity)})
          </p>
        ) : null}
        <p className="text-muted">
          {block.accounts === null ? "Not yet in the instances list" : formatCountOf(block.accounts, "known account")} ·
          created <DateTime at={block.createdAt} />
          {block.updatedAt !== block.createdAt ? (
            <>
              {" "}
              · changed <DateTime at={block.updatedAt} />
            </>
          ) : null}
        </p>
      </div>
      {writable ? (
        <div className="flex shrink-0 flex-wrap gap-2">
          <button
            type="button"
            className={SECONDARY}
            onClick={onEdit}
            aria-label={`Edit the block on ${block.display}`}
          >
            Edit
          </button>
          <button
            type="button"
            className={SECONDARY}
            onClick={onRemove}
            aria-label={`Remove the block on ${block.display}`}
          >
            Remove
          </button>
        </div>
      ) : null}
    </div>
  );
}

const Chip = ({ children }: { children: React.ReactNode }) => (
  <span className="rounded bg-canvas px-2 py-0.5 text-muted">{children}</span>
);

function RemovePanel({
  block,
  onDone,
  onCancel,
}: {
  block: ListedBlock;
  onDone: (m: string) => void;
  onCancel: () => void;
}) {
  const impact = useBlockImpact({ kind: "remove", id: block.id });
  const remove = useRemoveBlock();
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="space-y-3">
      {impact.isFetching ? <p className="text-sm text-muted">Checking what removing it does…</p> : null}
      {impact.error ? <Notice tone="bad">{impact.error.message}</Notice> : null}
      {impact.data ? <ImpactPanel impact={impact.data} /> : null}
      <div className="flex flex-wrap gap-2">
        <button
          type="button"
          className={DANGER}
          disabled={!impact.data || remove.isPending}
          // mutateAsync, not mutate's own callbacks: the list refreshes after the removal and
          // unmounts this panel, and react-query then skips a mutate call's onSuccess.
          onClick={() =>
            remove.mutateAsync({ id: block.id }).then(
              (r) => onDone(r.message),
              (e: Error) => setError(e.message),
            )
          }
        >
          {remove.isPending ? "Removing…" : `Remove the block on ${block.display}`}
        </button>
        <button type="button" className={SECONDARY} onClick={onCancel}>
          Cancel
        </button>
      </div>
      {error ? <Notice tone="bad">{error}</Notice> : null}
    </div>
  );
}
