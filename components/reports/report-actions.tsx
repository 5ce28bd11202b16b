"use client";

import { useState } from "react";
import { Notice } from "@/components/ui/notice";
import { CARD_LINK } from "@/components/ui/link-styles";
import { useReportAction, useReportActions, type ReportActionRequest } from "@/lib/client/use-report-actions";
import {
  ACTION_EFFECTS,
  ACTION_LABELS,
  type ActionKey,
  type OfferedAction,
  type ReportActionsView,
} from "@/lib/shared/report-actions";

/**
 * Everything a moderator can do on one report, in one panel the report page
 * renders: state changes, the note form, the account and post actions with
 * an optional message and the notify choice, the reversals, and what is left
 * to Mastodon's own page. Every action sends the state token the panel was
 * drawn from; when another moderator got there first the answer says who
 * did what, and the panel redraws from the report as it is now.
 */
const STATE_KEYS: ActionKey[] = ["assign_to_self", "unassign", "resolve", "reopen"];
const REVERSAL_KEYS: ActionKey[] = ["unsilence", "unsensitive", "unsuspend", "enable"];

const BUTTON = "rounded-md border px-4 py-2 text-sm font-medium disabled:opacity-50";
const PLAIN = `${BUTTON} border-line bg-surface hover:bg-canvas`;
const PRIMARY = `${BUTTON} border-brand bg-brand text-on-brand`;
const DANGER = `${BUTTON} border-bad bg-bad text-on-bad`;

export function ReportActions({ reportId }: { reportId: string }) {
  const query = useReportActions(reportId);
  const mutation = useReportAction(reportId);
  const [outcome, setOutcome] = useState<{ ok: boolean; message: string } | null>(null);

  if (query.isPending) return <p className="text-sm text-muted">Loading the actions…</p>;
  if (query.isError) return <Notice tone="bad">{query.error.message}</Notice>;
  const view = query.data;

  const run = (body: Omit<ReportActionRequest, "token">, after?: () => void) => {
    setOutcome(null);
    mutation.mutate(
      { token: view.token, ...body },
      {
        onSuccess: (result) => {
          setOutcome({ ok: true, message: result.message });
          after?.();
        },
        onError: (error) => setOutcome({ ok: false, message: error.message }),
      },
    );
  };
  const offered = (keys: ActionKey[]) => view.offered.filter((o) => keys.includes(o.key));
  const busy = mutation.isPending;

  return (
    <section aria-labelledby={`report-actions-${reportId}`} className="space-y-4">
      <h2 id={`report-actions-${reportId}`} className="text-base font-semibold">
        Actions
      </h2>
      <p className="text-sm text-muted">
        {view.resolved ? "Resolved" : "Open"}
        {view.assignedToYou ? " · assigned to you" : view.assignedTo ? ` · assigned to @${view.assignedTo}` : ""} ·
        about {view.target.acct}
        {view.target.local ? " (this server)" : ""}
      </p>
      {outcome ? (
        <div aria-live="polite">
          <Notice tone={outcome.ok ? "info" : "bad"}>{outcome.message}</Notice>
        </div>
      ) : null}

      <div className="flex flex-wrap gap-2">
        {offered(STATE_KEYS).map((o) => (
          <button
            key={o.key}
            type="button"
            className={o.key === "resolve" ? PRIMARY : PLAIN}
            disabled={busy}
            onClick={() => run({ action: o.key as ReportActionRequest["action"] })}
          >
            {ACTION_LABELS[o.key]}
          </button>
        ))}
      </div>

      {view.offered.some((o) => o.key === "note") ? (
        <NoteForm
          view={view}
          busy={busy}
          onSubmit={(content, then, done) => run({ action: "note", content, then }, done)}
        />
      ) : null}

      <ActionList
        title="On the account and its reported posts"
        actions={view.offered.filter((o) => o.takesText)}
        busy={busy}
        onRun={(key, text, notify) => run({ action: key, text: text || undefined, notify })}
      />

      {offered(REVERSAL_KEYS).length > 0 ? (
        <div className="space-y-2">
          <h3 className="text-sm font-semibold">Undo an earlier action</h3>
          <div className="flex flex-wrap gap-2">
            {offered(REVERSAL_KEYS).map((o) => (
              <TwoStep
                key={o.key}
                label={ACTION_LABELS[o.key]}
                confirm={`${ACTION_LABELS[o.key]} for ${view.target.acct}?`}
                disabled={busy}
                onConfirm={() => run({ action: o.key as ReportActionRequest["action"] })}
              />
            ))}
          </div>
        </div>
      ) : null}

      {view.notOffered.length > 0 ? (
        <div className="space-y-2">
          <h3 className="text-sm font-semibold">Done in Mastodon</h3>
          <ul className="space-y-2">
            {view.notOffered.map((n) => (
              <li key={n.key} className="text-sm">
                <span className="font-medium">{ACTION_LABELS[n.key]}:</span> {n.because}{" "}
                <a className={CARD_LINK} href={n.link} target="_blank" rel="noopener noreferrer">
                  Open this report in Mastodon
                </a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}

function NoteForm({
  view,
  busy,
  onSubmit,
}: {
  view: ReportActionsView;
  busy: boolean;
  onSubmit: (content: string, then: "none" | "resolve" | "reopen", done: () => void) => void;
}) {
  const [content, setContent] = useState("");
  const length = [...content].length;
  const tooLong = length > view.noteLimit;
  const empty = content.trim() === "";
  const id = `report-note-${view.reportId}`;
  const submit = (then: "none" | "resolve" | "reopen") => onSubmit(content, then, () => setContent(""));
  return (
    <form
      className="space-y-2"
      onSubmit={(event) => {
        event.preventDefault();
        submit("none");
      }}
    >
      <label htmlFor={id} className="block text-sm font-semibold">
        Note for the other moderators
      </label>
      <textarea
        id={id}
        value={content}
        onChange={(event) => setContent(event.target.value)}
        rows={3}
        aria-describedby={`${id}-count`}
        className="block w-full rounded-md border border-line bg-surface px-3 py-2 text-sm"
      />
      <p id={`${id}-count`} className={`text-xs ${tooLong ? "text-bad" : "text-muted"}`}>
        {length.toLocaleString("en")} / {view.noteLimit.toLocaleString("en")} characters
        {tooLong ? ": too long" : ""}
      </p>
      <div className="flex flex-wrap gap-2">
        <button type="submit" className={PLAIN} disabled={busy || empty || tooLong}>
          Add note
        </button>
        {view.resolved ? (
          <button type="button" className={PLAIN} disabled={busy || empty || tooLong} onClick={() => submit("reopen")}>
            Add note and reopen
          </button>
        ) : (
          <button type="button" className={PLAIN} disabled={busy || empty || tooLong} onClick={() => submit("resolve")}>
            Add note and resolve
          </button>
        )}
      </div>
    </form>
  );
}

function ActionList({
  title,
  actions,
  busy,
  onRun,
}: {
  title: string;
  actions: OfferedAction[];
  busy: boolean;
  onRun: (key: ReportActionRequest["action"], text: string, notify: boolean | undefined) => void;
}) {
  const [chosen, setChosen] = useState<ActionKey | null>(null);
  const [text, setText] = useState("");
  const [notify, setNotify] = useState<boolean | null>(null);
  if (actions.length === 0) return null;
  const current = actions.find((a) => a.key === chosen) ?? null;
  const notifyValue = current?.notifyChoice ? (notify ?? current.notifyChoice.default) : undefined;
  const choose = (key: ActionKey) => {
    setChosen(key === chosen ? null : key);
    setNotify(null);
  };
  return (
    <div className="space-y-2">
      <h3 className="text-sm font-semibold">{title}</h3>
      <div className="flex flex-wrap gap-2" role="group" aria-label={title}>
        {actions.map((a) => (
          <button
            key={a.key}
            type="button"
            aria-pressed={a.key === chosen}
            className={a.key === chosen ? PRIMARY : PLAIN}
            onClick={() => choose(a.key)}
          >
            {ACTION_LABELS[a.key]}
          </button>
        ))}
      </div>
      {current ? (
        <div className="space-y-2 rounded-md border border-line p-3">
          {ACTION_EFFECTS[current.key] ? <p className="text-sm">{ACTION_EFFECTS[current.key]}</p> : null}
          <label htmlFor="report-action-text" className="block text-sm font-medium">
            Message to the person (optional; it is part of the strike they can read and appeal)
          </label>
          <textarea
            id="report-action-text"
            value={text}
            onChange={(event) => setText(event.target.value)}
            rows={2}
            className="block w-full rounded-md border border-line bg-surface px-3 py-2 text-sm"
          />
          {current.notifyChoice ? (
            <label className="flex min-h-11 items-center gap-2 text-sm">
              <input type="checkbox" checked={notifyValue} onChange={(event) => setNotify(event.target.checked)} />
              Notify them by e-mail and in the app (one choice covers both)
            </label>
          ) : current.notifyForced !== undefined ? (
            <p className="text-sm text-muted">
              {current.notifyForced
                ? "They are notified by e-mail and in the app, as Mastodon does from a report."
                : "Spam reports never notify the person."}
            </p>
          ) : null}
          {current.destructive ? (
            <TwoStep
              label={ACTION_LABELS[current.key]}
              confirm={`Yes, ${ACTION_LABELS[current.key].toLowerCase()}`}
              disabled={busy}
              onConfirm={() => onRun(current.key as ReportActionRequest["action"], text, notifyValue)}
            />
          ) : (
            <button
              type="button"
              className={PRIMARY}
              disabled={busy}
              onClick={() => onRun(current.key as ReportActionRequest["action"], text, notifyValue)}
            >
              {ACTION_LABELS[current.key]}
            </button>
          )}
        </div>
      ) : null}
    </div>
  );
}

/** First press arms, second press does it; Cancel disarms. */
function TwoStep({
  label,
  confirm,
  disabled,
  onConfirm,
}: {
  label: string;
  confirm: string;
  disabled: boolean;
  onConfirm: () => void;
}) {
  const [armed, setArmed] = useState(false);
  if (!armed) {
    return (
      <button type="button" className={PLAIN} disabled={disabled} onClick={() => setArmed(true)}>
        {label}
      </button>
    );
  }
  return (
    <span className="inline-flex flex-wrap items-center gap-2" role="group" aria-label={confirm}>
      <button
        type="button"
        className={DANGER}
        disabled={disabled}
        onClick={() => {
          setArmed(false);
          onConfirm();
        }}
      >
        {confirm}
      </button>
      <button type="button" className={PLAIN} onClick={() => setArmed(false)}>
        Cancel
      </button>
    </span>
  );
}
