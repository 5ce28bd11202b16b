"use client";

import { useState } from "react";
import { Notice } from "@/components/ui/notice";
import { useBlockImpact, useCreateBlock, useUpdateBlock } from "@/lib/client/use-domain-blocks";
import type { DomainBlockRow } from "@/lib/mastodon/federation/block-rows";
import { SEVERITY_OPTIONS, type SeverityName } from "@/lib/shared/domain-blocks";
import { formatCountOf } from "@/lib/shared/format";
import { ImpactPanel } from "./impact-panel";

export const BUTTON =
  "inline-flex min-h-11 items-center justify-center rounded-md px-4 text-sm font-medium disabled:opacity-50";
export const PRIMARY = `${BUTTON} bg-brand text-on-brand`;
export const SECONDARY = `${BUTTON} border border-line bg-surface hover:bg-canvas`;
export const DANGER = `${BUTTON} bg-bad text-on-bad`;
const CONFIRM_BOX =
  "flex min-h-11 cursor-pointer items-start gap-3 rounded-md border border-bad/40 bg-bad-soft p-3 text-sm";
const FIELD = "min-h-11 w-full rounded-md border border-line bg-surface px-3 py-2 text-base sm:text-sm";

/**
 * Create a block (or make the domain's own block stricter, as Mastodon's
 * create form does) or edit one. Saving needs a preview of the impact for
 * exactly the settings being saved; a suspension also needs its own
 * confirmation, as Mastodon's confirm_suspension page asks for.
 */
export function BlockForm({
  block,
  initialDomain,
  onDone,
  onCancel,
}: {
  /** Edit this block; create when absent. */
  block?: DomainBlockRow;
  /** Create: the domain filled in (the dossier's own server). */
  initialDomain?: string;
  onDone: (message: string) => void;
  onCancel: () => void;
}) {
  const [domain, setDomain] = useState(block?.display ?? initialDomain ?? "");
  const [severity, setSeverity] = useState<SeverityName>((block?.severity as SeverityName | null) ?? "silence");
  const [rejectMedia, setRejectMedia] = useState(block?.rejectMedia ?? false);
  const [rejectReports, setRejectReports] = useState(block?.rejectReports ?? false);
  const [obfuscate, setObfuscate] = useState(block?.obfuscate ?? false);
  const [privateComment, setPrivateComment] = useState(block?.privateComment ?? "");
  const [publicComment, setPublicComment] = useState(block?.publicComment ?? "");
  const [understood, setUnderstood] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const current: Record<string, string> = block
    ? { kind: "update", id: block.id, severity, rejectMedia: `${rejectMedia}`, rejectReports: `${rejectReports}` }
    : {
        kind: "create",
        domain: domain.trim(),
        severity,
        rejectMedia: `${rejectMedia}`,
        rejectReports: `${rejectReports}`,
      };
  const [previewed, setPreviewed] = useState<Record<string, string> | null>(null);
  const impact = useBlockImpact(previewed);
  const upToDate = previewed !== null && JSON.stringify(previewed) === JSON.stringify(current);
  const create = useCreateBlock();
  const update = useUpdateBlock();
  const busy = create.isPending || update.isPending;
  const ready = upToDate && impact.data && !impact.data.refusal && !impact.isFetching;
  const confirmNeeded = ready && impact.data!.needsConfirmation;

  const save = () => {
    setError(null);
    const fields = { severity, rejectMedia, rejectReports, obfuscate, privateComment, publicComment };
    const handlers = {
      onSuccess: (r: { message: string }) => onDone(r.message),
      onError: (e: Error) => setError(e.message),
    };
    if (block) update.mutate({ ...fields, id: block.id, confirmed: understood }, handlers);
    else create.mutate({ ...fields, domain, confirmed: understood }, handlers);
  };

  return (
    <form
      aria-label={block ? `Edit the block on ${block.display}` : "New domain block"}
      className="space-y-4"
      onSubmit={(event) => {
        event.preventDefault();
        setUnderstood(false);
        setPreviewed(current);
      }}
    >
      {block ? (
        <p className="text-sm">
          Domain: <b className="break-all">{block.display}</b>
        </p>
      ) : (
        <div>
          <label htmlFor="block-domain" className="block text-sm font-medium">
            Domain
          </label>
          <p className="text-sm text-muted">
            The server&apos;s domain, such as example.com; a block covers its sub-domains too. Names in any script are
            stored in their punycode form, as Mastodon stores them.
          </p>
          <input
            id="block-domain"
            className={FIELD}
            value={domain}
            onChange={(e) => setDomain(e.target.value)}
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            required
            inputMode="url"
            placeholder="example.com"
          />
        </div>
      )}

      <fieldset>
        <legend className="text-sm font-medium">Severity</legend>
        <div className="mt-1 space-y-1">
          {SEVERITY_OPTIONS.map((o) => (
            <label
              key={o.value}
              className="flex min-h-11 cursor-pointer items-start gap-3 rounded-md p-2 hover:bg-canvas"
            >
              <input
                type="radio"
                name="severity"
                value={o.value}
                checked={severity === o.value}
                onChange={() => setSeverity(o.value)}
                className="mt-1 h-5 w-5 shrink-0"
              />
              <span className="text-sm">
                <span className="font-medium">{o.label}</span>
                <span className="block text-muted">{o.explains}</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>

      <fieldset className="space-y-1">
        <legend className="text-sm font-medium">Also</legend>
        <Check
          label="Reject media files"
          hint="Cached media is cleared and no new media is downloaded."
          checked={rejectMedia}
          onChange={setRejectMedia}
        />
        <Check
          label="Reject reports"
          hint="Reports sent from this domain are dropped."
          checked={rejectReports}
          onChange={setRejectReports}
        />
        <Check
          label="Obfuscate the domain name"
          hint="Shown partly hidden in the public list of limited servers."
          checked={obfuscate}
          onChange={setObfuscate}
        />
      </fieldset>

      <div className="grid gap-3 md:grid-cols-2">
        <div>
          <label htmlFor="block-private" className="block text-sm font-medium">
            Private comment (staff only)
          </label>
          <textarea
            id="block-private"
            className={`${FIELD} min-h-20`}
            value={privateComment}
            onChange={(e) => setPrivateComment(e.target.value)}
          />
        </div>
        <div>
          <label htmlFor="block-public" className="block text-sm font-medium">
            Public comment
          </label>
          <textarea
            id="block-public"
            className={`${FIELD} min-h-20`}
            value={publicComment}
            onChange={(e) => setPublicComment(e.target.value)}
          />
        </div>
      </div>

      <div className="flex flex-wrap gap-2">
        <button type="submit" className={upToDate ? SECONDARY : PRIMARY} disabled={busy || (!block && !domain.trim())}>
          {impact.isFetching ? "Checking the impact…" : upToDate ? "Check the impact again" : "Check the impact"}
        </button>
        <button type="button" className={SECONDARY} onClick={onCancel}>
          Cancel
        </button>
      </div>

      {previewed && !upToDate ? (
        <Notice tone="warn">The settings changed since the impact was checked: check it again before saving.</Notice>
      ) : null}
      {impact.error && upToDate ? <Notice tone="bad">{impact.error.message}</Notice> : null}
      {impact.data && upToDate ? <ImpactPanel impact={impact.data} /> : null}

      {ready ? (
        <div className="space-y-2">
          {confirmNeeded ? (
            <label className={CONFIRM_BOX}>
              <input
                type="checkbox"
                checked={understood}
                onChange={(e) => setUnderstood(e.target.checked)}
                className="mt-0.5 h-5 w-5 shrink-0"
              />
              <span>
                I understand that suspending {impact.data!.display} deletes the posts, media and follows of{" "}
                {formatCountOf(impact.data!.accounts.willSuspend, "account")} from this server, and that removing the
                block later does not bring them back.
              </span>
            </label>
          ) : null}
          <button
            type="button"
            className={confirmNeeded ? DANGER : PRIMARY}
            disabled={busy || (confirmNeeded && !understood)}
            onClick={save}
          >
            {busy
              ? "Saving…"
              : confirmNeeded
                ? `Suspend ${impact.data!.display}`
                : block
                  ? "Save the block"
                  : impact.data!.action === "upgrade"
                    ? "Make the existing block stricter"
                    : "Block this domain"}
          </button>
        </div>
      ) : null}
      {error ? <Notice tone="bad">{error}</Notice> : null}
    </form>
  );
}

function Check({
  label,
  hint,
  checked,
  onChange,
}: {
  label: string;
  hint: string;
  checked: boolean;
  onChange: (value: boolean) => void;
}) {
  return (
    <label className="flex min-h-11 cursor-pointer items-start gap-3 rounded-md p-2 hover:bg-canvas">
      <input
        type="checkbox"
        checked={checked}
        onChange={(e) => onChange(e.target.checked)}
        className="mt-0.5 h-5 w-5 shrink-0"
      />
      <span className="text-sm">
        <span className="font-medium">{label}</span>
        <span className="block text-muted">{hint}</span>
      </span>
    </label>
  );
}
