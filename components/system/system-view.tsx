import type { SystemInfo } from "@/lib/system/get-system-info";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";

/** Howdah's connections, detected Mastodon version, migrations and settings. */
export function SystemView({ info }: { info: SystemInfo }) {
  const rows = (items: { name: string; value: string }[]) => (
    <dl className="divide-y divide-line text-sm">
      {items.map((item) => (
        <div key={item.name} className="flex flex-col gap-0.5 py-2 sm:flex-row sm:justify-between sm:gap-4">
          <dt className="font-medium">{item.name}</dt>
          <dd className="text-muted [overflow-wrap:anywhere] sm:text-right">{item.value}</dd>
        </div>
      ))}
    </dl>
  );
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">System</h1>
      {!info.version.writable ? (
        <Notice tone="warn" title="Read-only mode">
          {info.version.readOnlyReason}
        </Notice>
      ) : null}
      <div className="grid gap-4 lg:grid-cols-2">
        <Card title="Mastodon">
          {rows([
            { name: "Release", value: info.version.release ?? "unknown" },
            { name: "Schema version", value: info.version.schemaVersion },
            { name: "Sidekiq data format", value: info.version.sidekiqFormat },
            { name: "Writes", value: info.version.writable ? "allowed" : "refused" },
          ])}
        </Card>
        <Card title="Settings">{rows(info.settings)}</Card>
        <Card title="Connections" className="lg:col-span-2">
          {rows(info.connections.map((c) => ({ name: c.name, value: c.target })))}
        </Card>
        <Card title="Howdah migrations">
          {rows(info.migrations.map((m) => ({ name: m.name, value: new Date(m.appliedAt).toUTCString() })))}
        </Card>
      </div>
    </div>
  );
}
