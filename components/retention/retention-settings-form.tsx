"use client";

import { useState } from "react";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { useRetentionSettings, useSaveRetention, useWhatIf } from "@/lib/client/use-retention";
import type { SaveRetentionInput, SettingView } from "@/lib/retention/settings";
import { daysProblem, warningsFor } from "@/lib/shared/retention";
import { WhatIfPanel } from "./what-if-panel";

export const BUTTON =
  "inline-flex min-h-11 items-center justify-center rounded-md px-4 text-sm font-medium disabled:opacity-50";
const CHOICE = "flex min-h-11 cursor-pointer items-center gap-2 rounded-md px-2 text-sm";
const FIELD = "min-h-11 w-28 rounded-md border border-line bg-surface px-3 py-2 text-base sm:text-sm";

type Choice = SettingView["choice"];
interface Draft {
  choice: Choice;
  days: string;
}

const draftOf = (s: SettingView): Draft => ({ choice: s.choice, days: s.days === null ? "" : String(s.days) });

/**
 * Mastodon's three retention settings, each set to a number of days,
 * explicitly disabled (what clearing Mastodon's field stores), or left to
 * Mastodon's default (no row: 7 days for user archives, off for the rest).
 * Only changed settings are sent, each with the value the page loaded, so a
 * change made meanwhile by someone else is refused rather than overwritten.
 */
export function RetentionSettingsForm({ initial }: { initial?: { settings: SettingView[] } }) {
  const query = useRetentionSettings(initial);
  const save = useSaveRetention();
  const settings = query.data?.settings ?? [];
  const [drafts, setDrafts] = useState<Record<string, Draft>>({});
  const [result, setResult] = useState<{ message: string; warnings: string[] } | null>(null);

  const draft = (s: SettingView) => drafts[s.var] ?? draftOf(s);
  const changed = settings.filter((s) => {
    const d = draft(s);
    return d.choice !== s.choice || (d.choice === "days" && d.days.trim() !== String(s.days ?? ""));
  });
  const problems = Object.fromEntries(
    settings.map((s) => [s.var, draft(s).choice === "days" ? daysProblem(draft(s).days.trim()) : null]),
  );
  const blocked = changed.some((s) => problems[s.var] !== null);
  const proposal = Object.fromEntries(
    settings.map((s) => {
      const d = draft(s);
      return [s.var, d.choice === "days" ? d.days.trim() : d.choice];
    }),
  );
  const [asked, setAsked] = useState<Record<string, string> | null>(null);
  const whatIf = useWhatIf(asked);
  const previewUpToDate = asked !== null && JSON.stringify(asked) === JSON.stringify(proposal);
  const anyProblem = settings.some((s) => problems[s.var] !== null);

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    setResult(null);
    const changes = changed.map((s) => {
      const d = draft(s);
      return d.choice === "days"
        ? { var: s.var, expectedRaw: s.raw, choice: "days" as const, days: d.days.trim() }
        : { var: s.var, expectedRaw: s.raw, choice: d.choice };
    }) as SaveRetentionInput["changes"];
    save.mutate(
      { changes },
      {
        onSuccess: (r) => {
          setDrafts({});
          setResult({ message: r.message, warnings: r.warnings });
        },
      },
    );
  };

  return (
    <Card title="Retention settings">
      <form onSubmit={submit} className="flex flex-col gap-5" aria-label="Retention settings">
        {settings.map((s) => {
          const d = draft(s);
          const set = (next: Partial<Draft>) => setDrafts((all) => ({ ...all, [s.var]: { ...d, ...next } }));
          const days = d.choice === "days" && problems[s.var] === null ? Number(d.days) : null;
          const hints = d.choice === "days" ? warningsFor(s.var, days) : [];
          const id = `retention-${s.var}`;
          return (
            <fieldset key={s.var} className="flex flex-col gap-2 border-b border-line pb-4 last:border-0">
              <legend className="text-base font-semibold">{s.label}</legend>
              <p className="text-sm text-muted">Now: {s.meaning}</p>
              <div className="flex flex-wrap items-center gap-x-4 gap-y-1">
                <label className={CHOICE}>
                  <input
                    type="radio"
                    name={`${id}-choice`}
                    className="size-5"
                    checked={d.choice === "days"}
                    onChange={() => set({ choice: "days" })}
                  />
                  Days
                </label>
                <input
                  id={id}
                  aria-label={`${s.label} in days`}
                  inputMode="numeric"
                  className={FIELD}
                  value={d.days}
                  onChange={(e) => set({ choice: "days", days: e.target.value })}
                />
                <label className={CHOICE}>
                  <input
                    type="radio"
                    name={`${id}-choice`}
                    className="size-5"
                    checked={d.choice === "disabled"}
                    onChange={() => set({ choice: "disabled" })}
                  />
                  Disabled
                </label>
                <label className={CHOICE}>
                  <input
                    type="radio"
                    name={`${id}-choice`}
                    className="size-5"
                    checked={d.choice === "default"}
                    onChange={() => set({ choice: "default" })}
                  />
                  Mastodon&apos;s default ({s.mastodonDefaultDays === null ? "off" : `${s.mastodonDefaultDays} days`})
                </label>
              </div>
              {d.choice === "days" && problems[s.var] && changed.includes(s) ? (
                <p className="text-sm text-bad" role="alert">
                  {problems[s.var]}
                </p>
              ) : null}
              {hints.map((hint) => (
                <p key={hint} className="text-sm text-warn">
                  {hint}
                </p>
              ))}
            </fieldset>
          );
        })}
        <div className="flex flex-col gap-2">
          <div>
            <button
              type="button"
              className={`${BUTTON} border border-line bg-surface hover:bg-canvas`}
              disabled={anyProblem || settings.length === 0}
              onClick={() => setAsked(proposal)}
            >
              Preview what the next cleanup removes
            </button>
          </div>
          {whatIf.error ? <Notice tone="bad">{whatIf.error.message}</Notice> : null}
          {whatIf.isFetching ? <p className="text-sm text-muted">Counting…</p> : null}
          {whatIf.data && !whatIf.isFetching ? (
            <>
              {!previewUpToDate ? (
                <p className="text-sm text-warn">The values changed since this preview; preview again.</p>
              ) : null}
              <WhatIfPanel data={whatIf.data} />
            </>
          ) : null}
        </div>
        {save.error ? <Notice tone="bad">{save.error.message}</Notice> : null}
        {result ? (
          <Notice tone={result.warnings.length > 0 ? "warn" : "info"}>
            <p>{result.message}</p>
            {result.warnings.map((w) => (
              <p key={w}>{w}</p>
            ))}
          </Notice>
        ) : null}
        <div>
          <button
            type="submit"
            className={`${BUTTON} bg-brand text-white`}
            disabled={changed.length === 0 || blocked || save.isPending}
          >
            {save.isPending ? "Saving…" : "Save retention settings"}
          </button>
        </div>
      </form>
    </Card>
  );
}
