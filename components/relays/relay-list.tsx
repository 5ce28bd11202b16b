"use client";

import { useState } from "react";
import { ConfirmButton } from "@/components/queues/confirm-button";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { StatusDot } from "@/components/ui/status-dot";
import { useAddRelay, useRelayAction } from "@/lib/client/use-relays";
import type { RelayList as List, RelayListItem } from "@/lib/relays/list";
import { DateTime } from "@/components/ui/date-time";

const STATE: Record<RelayListItem["state"], { label: string; tone: "ok" | "warn" | "bad" | "idle" }> = {
  accepted: { label: "Enabled", tone: "ok" },
  pending: { label: "Waiting for the relay's approval", tone: "warn" },
  idle: { label: "Disabled", tone: "idle" },
  rejected: { label: "Rejected by the relay", tone: "bad" },
};

/** The relays, with Mastodon's own actions, and the form to add one. */
export function RelayList({ list }: { list: List }) {
  const action = useRelayAction();
  const [last, setLast] = useState<{ tone: "info" | "bad"; text: string } | null>(null);
  const run = (id: string, verb: "enable" | "disable" | "remove") =>
    action.mutate(
      { id, action: verb },
      {
        onSuccess: (r) => setLast({ tone: "info", text: r.message }),
        onError: (e) => setLast({ tone: "bad", text: e.message }),
      },
    );

  return (
    <Card title="Relays">
      {last ? (
        <div className="mb-3">
          <Notice tone={last.tone}>{last.text}</Notice>
        </div>
      ) : null}
      {list.healthProblem ? (
        <div className="mb-3">
          <Notice tone="warn">Delivery health is unavailable: {list.healthProblem}</Notice>
        </div>
      ) : null}
      {list.relays.length === 0 ? (
        <p className="text-sm text-muted">
          No relays yet. A relay sends this server public posts from every server subscribed to it, and receives this
          server&apos;s public posts.
        </p>
      ) : null}
      <ul className="divide-y divide-line" aria-label="Relays">
        {list.relays.map((r) => (
          <li key={r.id} className="flex flex-col gap-2 py-3 lg:flex-row lg:items-start lg:justify-between">
            <div className="min-w-0 space-y-1">
              <samp className="block break-all text-sm font-medium">{r.inboxUrl}</samp>
              <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
                <StatusDot tone={STATE[r.state].tone} label={STATE[r.state].label} />
                <span className="text-muted">
                  since <DateTime at={r.since} relative />
                </span>
              </div>
              <p className="text-xs text-muted">
                {r.actor ? `Actor @${r.actor.acct}` : "Its actor has not contacted this server yet"} · added{" "}
                <DateTime at={r.createdAt} />
              </p>
              <Health item={r} />
            </div>
            {list.writable ? (
              <div className="flex shrink-0 flex-wrap gap-2 lg:flex-nowrap lg:justify-end">
                {r.canEnable ? (
                  <ConfirmButton
                    label="Enable"
                    confirm="Send a Follow to this relay?"
                    busy={action.isPending}
                    onConfirm={() => run(r.id, "enable")}
                  />
                ) : null}
                {r.canDisable ? (
                  <ConfirmButton
                    label="Disable"
                    confirm={r.state === "pending" ? "Cancel the Follow?" : "Unsubscribe from this relay?"}
                    busy={action.isPending}
                    onConfirm={() => run(r.id, "disable")}
                  />
                ) : null}
                <ConfirmButton
                  label="Remove"
                  confirm="Remove this relay for good?"
                  busy={action.isPending}
                  onConfirm={() => run(r.id, "remove")}
                />
              </div>
            ) : null}
          </li>
        ))}
      </ul>
      {list.writable ? <AddRelayForm /> : <p className="mt-3 text-sm text-muted">{list.readOnlyReason}</p>}
    </Card>
  );
}

function Health({ item }: { item: RelayListItem }) {
  const h = item.health;
  if (!h) return null;
  if (h.unavailableSince) {
    return (
      <p className="text-xs text-bad">
        Mastodon stopped delivering to {item.host} on <DateTime at={h.unavailableSince} /> after 7 failing days;
        enabling the relay resets this.
      </p>
    );
  }
  if (h.failureDays > 0) {
    return (
      <p className="text-xs text-warn">
        Deliveries to {item.host} ran out of retries on {h.failureDays} day{h.failureDays === 1 ? "" : "s"} (last{" "}
        {h.lastFailure}); at 7 Mastodon stops delivering.
      </p>
    );
  }
  return <p className="text-xs text-muted">Deliveries to {item.host}: no recorded failures.</p>;
}

function AddRelayForm() {
  const add = useAddRelay();
  const [url, setUrl] = useState("");
  const [result, setResult] = useState<{ tone: "info" | "bad"; text: string } | null>(null);
  return (
    <form
      className="mt-4 space-y-2 border-t border-line pt-4"
      onSubmit={(event) => {
        event.preventDefault();
        setResult(null);
        add.mutate(url, {
          onSuccess: (r) => {
            setResult({ tone: "info", text: r.message });
            setUrl("");
          },
          onError: (e) => setResult({ tone: "bad", text: e.message }),
        });
      }}
    >
      <label htmlFor="relay-inbox" className="block text-sm font-medium">
        Relay inbox URL
      </label>
      <p className="text-xs text-muted">
        The relay&apos;s inbox, as its operator publishes it (often ending in /inbox). Howdah saves it and, as
        Mastodon&apos;s &ldquo;Save and enable&rdquo; does, sends a Follow from this server&apos;s instance actor. Only
        https:// addresses are accepted.
      </p>
      <div className="flex flex-col gap-2 sm:flex-row">
        <input
          id="relay-inbox"
          type="text"
          inputMode="url"
          autoComplete="off"
          spellCheck={false}
          required
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          placeholder="https://relay.example.org/inbox"
          className="min-w-0 flex-1 rounded-md border border-line bg-surface px-3 py-2 text-sm"
        />
        <button
          type="submit"
          disabled={add.isPending}
          className="rounded-md bg-brand px-4 py-2 text-sm font-medium text-on-brand disabled:opacity-50"
        >
          {add.isPending ? "Adding…" : "Add and enable"}
        </button>
      </div>
      {result ? <Notice tone={result.tone}>{result.text}</Notice> : null}
    </form>
  );
}
