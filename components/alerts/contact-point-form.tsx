"use client";

import { useState } from "react";
import { Notice } from "@/components/ui/notice";
import { useAddContactPoint } from "@/lib/client/use-alerting";
import { CONTACT_POINT_KINDS, CONTACT_POINT_LABELS, type ContactPointKind } from "@/lib/shared/alerting-types";
import { field, primary } from "./styles";

/** The fields each kind needs, as [name, label, hint, secret]. */
const FIELDS: Record<ContactPointKind, [string, string, string, boolean][]> = {
  email: [["to", "Send to (addresses, comma-separated)", "admin@example.social", false]],
  webhook: [["url", "Webhook address", "https://example.org/hooks/howdah", false]],
  slack: [["url", "Incoming webhook address", "https://hooks.slack.com/services/…", true]],
  discord: [["url", "Webhook address", "https://discord.com/api/webhooks/…", true]],
  ntfy: [
    ["url", "Topic address", "https://ntfy.sh/my-server-alerts", false],
    ["token", "Access token (if the topic is protected)", "tk_…", true],
  ],
  matrix: [
    ["homeserver", "Homeserver", "https://matrix.example.org", false],
    ["roomId", "Room id", "!abc123:example.org", false],
    ["accessToken", "Bot account's access token", "syt_…", true],
  ],
};

/**
 * Adds a contact point. The browser does not validate (noValidate): the
 * server's one-sentence message is shown, the same one an API client gets.
 */
export function ContactPointForm({ emailReady }: { emailReady: boolean }) {
  const add = useAddContactPoint();
  const [kind, setKind] = useState<ContactPointKind>("webhook");
  const [name, setName] = useState("");
  const [values, setValues] = useState<Record<string, string>>({});

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const settings: Record<string, unknown> = {};
    for (const [key] of FIELDS[kind]) {
      const value = values[key]?.trim() ?? "";
      if (key === "to")
        settings.to = value
          .split(",")
          .map((a) => a.trim())
          .filter(Boolean);
      else if (value !== "" || key !== "token") settings[key] = value;
    }
    add.mutate(
      { kind, name, ...settings },
      {
        onSuccess: () => {
          setName("");
          setValues({});
        },
      },
    );
  };

  return (
    <form noValidate onSubmit={submit} className="space-y-3" aria-label="Add a contact point">
      <div className="grid gap-3 sm:grid-cols-2">
        <label className="block text-sm font-medium">
          Kind
          <select
            className={field}
            value={kind}
            onChange={(e) => {
              setKind(e.target.value as ContactPointKind);
              add.reset();
            }}
          >
            {CONTACT_POINT_KINDS.map((k) => (
              <option key={k} value={k}>
                {CONTACT_POINT_LABELS[k]}
              </option>
            ))}
          </select>
        </label>
        <label className="block text-sm font-medium">
          Name
          <input className={field} value={name} onChange={(e) => setName(e.target.value)} placeholder="On-call team" />
        </label>
      </div>
      {kind === "email" && !emailReady ? (
        <Notice tone="warn">
          Mastodon&apos;s SMTP settings are not set (SMTP_SERVER), so Howdah has no mail server to send through.
        </Notice>
      ) : null}
      {FIELDS[kind].map(([key, label, hint, secret]) => (
        <label key={`${kind}-${key}`} className="block text-sm font-medium">
          {label}
          <input
            className={field}
            type={secret ? "password" : "text"}
            autoComplete="off"
            value={values[key] ?? ""}
            placeholder={hint}
            onChange={(e) => setValues({ ...values, [key]: e.target.value })}
          />
        </label>
      ))}
      {add.error ? <Notice tone="bad">{add.error.message}</Notice> : null}
      <button type="submit" disabled={add.isPending} className={primary}>
        {add.isPending ? "Adding…" : "Add contact point"}
      </button>
    </form>
  );
}
