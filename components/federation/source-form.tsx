"use client";

import { useState } from "react";
import { Notice } from "@/components/ui/notice";
import { fileToBase64 } from "@/lib/client/use-block-batches";
import { useCreateSource, useUpdateSource, type SourceForm as SourceFields } from "@/lib/client/use-subscriptions";
import type { SourceRecord } from "@/lib/store/blocklist-subscriptions";
import { PRIMARY, SECONDARY } from "./block-form";

const FIELD = "mt-1 block min-h-11 w-full rounded-md border border-line bg-surface px-3 text-base sm:text-sm";
const KINDS = [
  { key: "addition", label: "additions" },
  { key: "escalation", label: "escalations" },
  { key: "deescalation", label: "de-escalations" },
  { key: "retraction", label: "retractions" },
] as const;
const MAX_BYTES = 10 * 1024 * 1024;

/** Adding a source (an address or a file) or changing one; the rule says what it may apply without review. */
export function SourceForm({ source, onDone }: { source: SourceRecord | null; onDone: () => void }) {
  const [kind, setKind] = useState<"url" | "file">(source?.kind ?? "url");
  const [name, setName] = useState(source?.name ?? "");
  const [url, setUrl] = useState(source?.url ?? "");
  const [file, setFile] = useState<File | null>(null);
  const [severity, setSeverity] = useState(source?.defaultSeverity ?? "");
  const [every, setEvery] = useState(String(source?.fetchEveryMinutes ?? 360));
  const [enabled, setEnabled] = useState(source?.enabled ?? true);
  const [rule, setRule] = useState<SourceFields["autoApply"]>({
    addition: false,
    escalation: false,
    deescalation: false,
    retraction: false,
    ...source?.autoApply,
  });
  const [problem, setProblem] = useState<string | null>(null);
  const create = useCreateSource();
  const update = useUpdateSource();
  const busy = create.isPending || update.isPending;

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setProblem(null);
    if (file && file.size > MAX_BYTES) return setProblem("The file is larger than the 10 MB Howdah reads.");
    const fields: SourceFields = {
      name,
      url: kind === "url" ? url : null,
      fileName: file?.name ?? null,
      contentBase64: file ? await fileToBase64(file) : null,
      enabled,
      defaultSeverity: severity || null,
      fetchEveryMinutes: Number(every),
      autoApply: rule,
    };
    const done = { onSuccess: onDone, onError: (e: Error) => setProblem(e.message) };
    if (source) update.mutate({ ...fields, id: source.id }, done);
    else create.mutate({ ...fields, kind }, done);
  };

  return (
    <form className="space-y-3" onSubmit={submit} aria-label={source ? `Edit ${source.name}` : "Add a source"}>
      {source ? null : (
        <fieldset className="flex flex-wrap gap-4 text-sm">
          <legend className="mb-1 font-medium">The list comes from</legend>
          {(["url", "file"] as const).map((k) => (
            <label key={k} className="flex min-h-11 items-center gap-2">
              <input type="radio" name="kind" className="h-5 w-5" checked={kind === k} onChange={() => setKind(k)} />
              {k === "url" ? "An address, fetched on a schedule" : "A file I upload"}
            </label>
          ))}
        </fieldset>
      )}
      <label className="block text-sm font-medium">
        Name
        <input className={FIELD} value={name} onChange={(e) => setName(e.target.value)} required maxLength={120} />
      </label>
      {kind === "url" ? (
        <>
          <label className="block text-sm font-medium">
            Address
            <input
              className={FIELD}
              type="url"
              inputMode="url"
              placeholder="https://example.org/blocklist.csv"
              value={url}
              onChange={(e) => setUrl(e.target.value)}
              required
            />
          </label>
          <label className="block text-sm font-medium">
            Fetch every (minutes, at least 15)
            <input
              className={FIELD}
              type="number"
              min={15}
              max={10080}
              value={every}
              onChange={(e) => setEvery(e.target.value)}
            />
          </label>
        </>
      ) : (
        <label className="block text-sm font-medium">
          {source ? "Replace the file (optional)" : "File"}
          <input
            type="file"
            accept=".csv,.txt,text/csv,text/plain"
            className="mt-1 block min-h-11 w-full text-base"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
        </label>
      )}
      <label className="block text-sm font-medium">
        Severity for a plain list of domains (a CSV with a severity column keeps its own)
        <select className={FIELD} value={severity} onChange={(e) => setSeverity(e.target.value)}>
          <option value="">None: the list must say</option>
          <option value="suspend">Suspend</option>
          <option value="silence">Limit (silence)</option>
          <option value="noop">None (media or reports only)</option>
        </select>
      </label>
      <label className="flex min-h-11 items-center gap-2 text-sm">
        <input type="checkbox" className="h-5 w-5" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
        Enabled (its list counts in the merge)
      </label>
      <fieldset className="text-sm">
        <legend className="font-medium">Apply without review (every other change waits for an admin)</legend>
        <div className="flex flex-wrap gap-x-4">
          {KINDS.map((k) => (
            <label key={k.key} className="flex min-h-11 items-center gap-2">
              <input
                type="checkbox"
                className="h-5 w-5"
                checked={rule[k.key]}
                onChange={(e) => setRule({ ...rule, [k.key]: e.target.checked })}
              />
              {k.label}
            </label>
          ))}
        </div>
      </fieldset>
      {problem ? <Notice tone="bad">{problem}</Notice> : null}
      <div className="flex flex-wrap gap-2">
        <button type="submit" className={PRIMARY} disabled={busy}>
          {busy ? "Saving…" : source ? "Save" : "Add source"}
        </button>
        <button type="button" className={SECONDARY} onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
