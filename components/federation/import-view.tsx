"use client";

import Link from "next/link";
import { useState } from "react";
import { Card } from "@/components/ui/card";
import { DateTime } from "@/components/ui/date-time";
import { CARD_LINK } from "@/components/ui/link-styles";
import { Notice } from "@/components/ui/notice";
import {
  fileToBase64,
  useApplyBatch,
  useBlockBatch,
  useBlockBatches,
  useChooseRows,
  useImportFile,
  useRollbackBatch,
  useRollbackPlan,
} from "@/lib/client/use-block-batches";
import type { RollbackImpactTotals } from "@/lib/federation/import/rollback-impact";
import { formatBytes, formatCount } from "@/lib/shared/format";
import { DANGER, PRIMARY, SECONDARY } from "./block-form";
import { ImpactPanel } from "./impact-panel";

const MAX_BYTES = 20 * 1024 * 1024;
const PAGE = 100;
const SELECT = "min-h-11 w-full rounded-md border border-line bg-surface px-3 text-base sm:w-auto sm:text-sm";
const CLASSES: { key: string; label: string }[] = [
  { key: "new", label: "New" },
  { key: "stricter", label: "Stricter than today" },
  { key: "looser", label: "Looser than today" },
  { key: "unchanged", label: "Unchanged" },
  { key: "covered", label: "Covered by a parent" },
  { key: "allowed", label: "Conflicts with an allow" },
  { key: "malformed", label: "Malformed" },
  { key: "form", label: "Form" },
  { key: "retraction", label: "Retraction (subscription)" },
];
const STATE_LABEL: Record<string, string> = {
  pending: "previewed, not applied",
  running: "applying…",
  done: "applied",
  failed: "stopped part-way",
  rolling_back: "rolling back…",
  rolled_back: "rolled back",
};

/** Importing a blocklist (preview, choose, apply in the background) and every batch, with its rollback. */
export function ImportView() {
  const [batchId, setBatchId] = useState<string | null>(null);
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-bold">Import blocklist and batches</h1>
        <p className="text-sm text-muted">
          Every block Howdah makes belongs to a batch: an import, or one change made with the form. A batch can be
          rolled back, and one stopped part-way can be resumed.
        </p>
        <Link href="/federation" className={CARD_LINK}>
          ← Back to the blocks
        </Link>
      </div>
      <UploadCard onPreview={setBatchId} />
      {batchId ? <BatchCard id={batchId} /> : null}
      <BatchList onOpen={setBatchId} current={batchId} />
    </div>
  );
}

function UploadCard({ onPreview }: { onPreview: (id: string) => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [severity, setSeverity] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const upload = useImportFile();
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setProblem(null);
    if (!file) return setProblem("Choose a file first.");
    if (file.size > MAX_BYTES) return setProblem("The file is larger than the 20 MB Howdah imports.");
    const contentBase64 = await fileToBase64(file);
    upload.mutate(
      { name: file.name, severity: severity || null, contentBase64 },
      { onSuccess: (result) => onPreview(result.batchId), onError: (error) => setProblem(error.message) },
    );
  };
  return (
    <Card title="Import a blocklist">
      <form className="space-y-3" onSubmit={submit}>
        <p className="text-sm text-muted">
          Mastodon&apos;s export CSV, an Oliphant or FediBlockHole CSV, or a plain list with one domain a line. The
          preview changes nothing.
        </p>
        <label className="block text-sm font-medium">
          File
          <input
            type="file"
            accept=".csv,.txt,text/csv,text/plain"
            className="mt-1 block min-h-11 w-full text-base file:min-h-11 sm:text-sm"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
        </label>
        <label className="block text-sm font-medium">
          Severity for a plain list (a CSV with a severity column keeps its own)
          <select className={`mt-1 block ${SELECT}`} value={severity} onChange={(e) => setSeverity(e.target.value)}>
            <option value="">Choose…</option>
            <option value="suspend">Suspend</option>
            <option value="silence">Limit (silence)</option>
            <option value="noop">None (media or reports only)</option>
          </select>
        </label>
        {problem ? <Notice tone="bad">{problem}</Notice> : null}
        <button type="submit" className={PRIMARY} disabled={upload.isPending}>
          {upload.isPending ? "Reading the file…" : "Preview"}
        </button>
      </form>
    </Card>
  );
}

function BatchCard({ id }: { id: string }) {
  const [klass, setKlass] = useState("");
  const [offset, setOffset] = useState(0);
  const [confirming, setConfirming] = useState<"apply" | "rollback" | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  // The tick shows at once; the server's answer (the refetch) replaces it.
  const [ticked, setTicked] = useState<Record<string, boolean>>({});
  const params = { id, offset: String(offset), limit: String(PAGE), ...(klass ? { class: klass } : {}) };
  const { data, error, refetch } = useBlockBatch(params);
  const choose = useChooseRows();
  const apply = useApplyBatch();
  const rollback = useRollbackBatch();
  const plan = useRollbackPlan(confirming === "rollback" ? id : null);
  if (error) return <Notice tone="bad">{error.message}</Notice>;
  if (!data) return <Card title={`Batch #${id}`}>Loading…</Card>;
  const { batch, counts } = data;
  const chosen = Object.values(counts).reduce((n, c) => n + c.selected, 0);
  const editable = batch.state === "pending" || batch.state === "failed";
  const run = (mode: "apply" | "rollback") =>
    (mode === "apply" ? apply : rollback).mutate(
      { id },
      {
        onSuccess: () => {
          setConfirming(null);
          void refetch();
        },
        onError: (e) => setProblem(e.message),
      },
    );
  const progressOf = batch.state === "rolling_back" || batch.state === "rolled_back" ? batch.reverted : batch.applied;
  const stateLabel = STATE_LABEL[batch.state] ?? batch.state;
  const goal = batch.state === "rolling_back" || batch.state === "rolled_back" ? batch.applied : batch.total;

  return (
    <Card title={`Batch #${batch.id}`}>
      <div className="space-y-3">
        {/* The file name or URL can be one long word: it wraps here rather than in the card's title. */}
        <p className="text-sm font-medium [overflow-wrap:anywhere]">{batch.sourceRef ?? batch.source}</p>
        <p className="text-sm" aria-label="Batch state">
          <strong>{stateLabel}</strong> · {formatCount(progressOf)} of {formatCount(goal)} rows
          {batch.failed ? ` · ${formatCount(batch.failed)} refused` : ""} · by {batch.actorAcct ?? "Howdah"} ·{" "}
          <DateTime at={batch.createdAt} />
        </p>
        {goal > 0 ? <progress className="h-2 w-full" max={goal} value={progressOf} aria-label="Progress" /> : null}
        {batch.error ? <Notice tone="warn">{batch.error}</Notice> : null}
        {problem ? <Notice tone="bad">{problem}</Notice> : null}
        <div className="flex flex-wrap gap-2" role="tablist" aria-label="Rows by class">
          <button
            type="button"
            className={klass === "" ? PRIMARY : SECONDARY}
            onClick={() => (setKlass(""), setOffset(0))}
          >
            All
          </button>
          {CLASSES.filter((c) => counts[c.key]).map((c) => (
            <button
              key={c.key}
              type="button"
              className={klass === c.key ? PRIMARY : SECONDARY}
              onClick={() => (setKlass(c.key), setOffset(0))}
            >
              {c.label} ({formatCount(counts[c.key]!.rows)})
            </button>
          ))}
        </div>
        <ul className="divide-y divide-line" aria-label="Batch rows">
          {data.rows.map((row) => {
            const choosable = editable && row.fields !== null && row.appliedAt === null;
            return (
              <li key={row.id} className="flex flex-wrap items-start gap-3 py-2 text-sm">
                {/* A 44 px target around the box, for touch. */}
                <label className="-my-2 flex min-h-11 min-w-11 items-center justify-center">
                  <input
                    type="checkbox"
                    className="h-5 w-5"
                    aria-label={`Apply ${row.domain}`}
                    checked={ticked[row.id] ?? row.selected}
                    disabled={!choosable}
                    onChange={(e) => {
                      const on = e.target.checked;
                      setTicked((t) => ({ ...t, [row.id]: on }));
                      choose.mutate(
                        { id, include: on ? [row.id] : [], exclude: on ? [] : [row.id] },
                        {
                          onError: (err) => setProblem(err.message),
                          onSettled: async () => {
                            await refetch();
                            setTicked(({ [row.id]: _done, ...rest }) => rest);
                          },
                        },
                      );
                    }}
                  />
                </label>
                <div className="min-w-0 flex-1">
                  <p className="break-all font-medium">
                    {row.class === "malformed" ? `Line ${row.line}` : row.domain}{" "}
                    <span className="font-normal text-muted">
                      · {CLASSES.find((c) => c.key === row.class)?.label ?? row.class}
                      {row.fields ? ` · ${String((row.fields as { severity?: string }).severity)}` : ""}
                    </span>
                    {row.severs > 0 ? (
                      <span className="ml-2 rounded bg-amber-100 px-1 text-xs text-ink">
                        severs {formatCount(row.severs)} follows
                      </span>
                    ) : null}
                  </p>
                  {row.note ? <p className="break-words text-muted">{row.note}</p> : null}
                  {row.appliedAt ? (
                    <p className="text-muted">
                      {row.action} · <DateTime at={row.appliedAt} />
                      {row.revertedAt ? " · rolled back" : ""}
                    </p>
                  ) : null}
                  {row.error ? <p className="text-bad">{row.error}</p> : null}
                </div>
              </li>
            );
          })}
        </ul>
        <div className="flex flex-wrap items-center gap-2 text-sm">
          <button type="button" className={SECONDARY} disabled={offset === 0} onClick={() => setOffset(offset - PAGE)}>
            Previous
          </button>
          <span>
            {data.total === 0
              ? "No rows"
              : `${formatCount(offset + 1)}–${formatCount(Math.min(offset + PAGE, data.total))}`}{" "}
            of {formatCount(data.total)}
          </span>
          <button
            type="button"
            className={SECONDARY}
            disabled={offset + PAGE >= data.total}
            onClick={() => setOffset(offset + PAGE)}
          >
            Next
          </button>
        </div>
        <div className="flex flex-wrap gap-2">
          {editable && chosen > 0 ? (
            <button type="button" className={PRIMARY} onClick={() => setConfirming("apply")}>
              {batch.state === "failed" ? "Resume" : `Apply ${formatCount(chosen)} chosen rows`}
            </button>
          ) : null}
          {(batch.state === "done" || batch.state === "failed") && batch.applied > batch.reverted ? (
            <button type="button" className={SECONDARY} onClick={() => setConfirming("rollback")}>
              Roll back…
            </button>
          ) : null}
        </div>
        {confirming === "apply" ? (
          <Notice tone="warn" title="Apply these rows?">
            <p>
              {formatCount(chosen)} rows are written one by one as Mastodon&apos;s form would write them, in the
              background. Suspensions remove the accounts&apos; posts, media and follows from this server; rows marked
              &quot;severs follows&quot; cut follows with local accounts.
            </p>
            <div className="mt-2 flex flex-wrap gap-2">
              <button type="button" className={DANGER} onClick={() => run("apply")} disabled={apply.isPending}>
                Apply now
              </button>
              <button type="button" className={SECONDARY} onClick={() => setConfirming(null)}>
                Cancel
              </button>
            </div>
          </Notice>
        ) : null}
        {confirming === "rollback" ? (
          <Notice tone="warn" title="Roll this batch back?">
            {plan.data ? (
              <>
                <p>{formatCount(plan.data.remaining)} steps, latest first:</p>
                <RollbackTotals totals={plan.data.impact.totals} remaining={plan.data.remaining} />
                <ul className="mt-1 list-disc pl-5" aria-label="Rollback steps">
                  {plan.data.steps.slice(0, 50).map((s) => {
                    const previewed = plan.data.impact.steps.find((i) => i.itemId === s.itemId);
                    return (
                      <li key={s.itemId} className="break-words">
                        <strong>{s.domain}</strong>: {s.step}
                        {previewed?.impact ? (
                          <details className="mt-1">
                            <summary className="min-h-11 cursor-pointer py-2 text-brand">Impact of this step</summary>
                            <ImpactPanel impact={previewed.impact} />
                          </details>
                        ) : previewed?.problem ? (
                          <span className="block text-muted">{previewed.problem}</span>
                        ) : null}
                      </li>
                    );
                  })}
                </ul>
                {plan.data.steps.length > 50 || plan.data.more > 0 ? (
                  <p>… and {formatCount(plan.data.remaining - 50)} more.</p>
                ) : null}
              </>
            ) : (
              <p>Reading what the rollback will do…</p>
            )}
            <div className="mt-2 flex flex-wrap gap-2">
              <button type="button" className={DANGER} onClick={() => run("rollback")} disabled={rollback.isPending}>
                Roll back now
              </button>
              <button type="button" className={SECONDARY} onClick={() => setConfirming(null)}>
                Cancel
              </button>
            </div>
          </Notice>
        ) : null}
      </div>
    </Card>
  );
}

function BatchList({ onOpen, current }: { onOpen: (id: string) => void; current: string | null }) {
  const { data, error } = useBlockBatches();
  return (
    <Card title="Batches">
      {error ? <Notice tone="warn">{error.message}</Notice> : null}
      <ul className="divide-y divide-line" aria-label="Batches">
        {data?.batches.map((b) => (
          <li key={b.id} className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm">
            <span className="min-w-0 break-all">
              #{b.id} · {b.source === "form" ? "form" : `${b.source}: ${b.sourceRef}`} · {b.actorAcct ?? "Howdah"}
              {" · "}
              <DateTime at={b.createdAt} />
              {` · ${STATE_LABEL[b.state] ?? b.state} · ${formatCount(b.applied)} applied`}
            </span>
            <button type="button" className={SECONDARY} disabled={current === b.id} onClick={() => onOpen(b.id)}>
              Open
            </button>
          </li>
        ))}
        {data && data.batches.length === 0 ? <li className="py-2 text-sm text-muted">No batch yet.</li> : null}
      </ul>
    </Card>
  );
}

/** The rollback's impact, summed over the steps previewed (the first ones to run), as the form's preview counts it. */
function RollbackTotals({ totals, remaining }: { totals: RollbackImpactTotals; remaining: number }) {
  return (
    <dl className="my-2 grid grid-cols-1 gap-x-4 gap-y-1 sm:grid-cols-2" aria-label="Rollback impact">
      <Line label="Accounts on these domains">{formatCount(totals.accounts)}</Line>
      <Line label="Accounts suspended / limited">
        {formatCount(totals.willSuspend)} / {formatCount(totals.willSilence)}
      </Line>
      <Line label="Accounts unsuspended / unlimited">
        {formatCount(totals.willUnsuspend)} / {formatCount(totals.willUnsilence)}
      </Line>
      <Line label="Follows with local accounts severed">{formatCount(totals.followsSevered)}</Line>
      <Line label="Cached media purged">{formatBytes(totals.mediaBytesPurged)}</Line>
      <Line label="Open reports involving them">{formatCount(totals.openReports)}</Line>
      <Line label="Sidekiq jobs for them">{formatCount(totals.jobs)}</Line>
      {remaining > totals.previewedSteps ? (
        <p className="sm:col-span-2">
          Summed over the first {formatCount(totals.previewedSteps)} steps; the other{" "}
          {formatCount(remaining - totals.previewedSteps)} are not previewed.
        </p>
      ) : null}
    </dl>
  );
}

function Line({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="flex justify-between gap-2">
      <dt>{label}</dt>
      <dd className="tabular-nums">{children}</dd>
    </div>
  );
}
