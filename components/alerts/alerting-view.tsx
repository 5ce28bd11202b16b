"use client";

import { Card } from "@/components/ui/card";
import { DateTime } from "@/components/ui/date-time";
import { Notice } from "@/components/ui/notice";
import { useAlerting } from "@/lib/client/use-alerting";
import type { AlertingOverview } from "@/lib/shared/alerting-types";
import { ContactPointForm } from "./contact-point-form";
import { ContactPointList } from "./contact-point-list";
import { PolicyForm } from "./policy-form";
import { RulesForm } from "./rules-form";
import { Silences } from "./silences";

/** The Alerts page: what fires now, where alerts go, when they are sent, and silences. */
export function AlertingView({ initial }: { initial: AlertingOverview }) {
  const { data = initial, error } = useAlerting(initial);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold">Alerts</h1>
        <p className="text-sm text-muted">
          Howdah&apos;s worker checks the queues and the status page&apos;s parts every 30 seconds and tells the contact
          points below when something stays wrong, again while it lasts, and when it is resolved.
        </p>
      </div>
      {error ? <Notice tone="bad">{error.message}</Notice> : null}
      <Card title="Now">
        {data.alerts.length ? (
          <ul className="space-y-2 text-sm">
            {data.alerts.map((a) => (
              <li key={a.id}>
                <span className="font-semibold">{a.title}</span>{" "}
                <span className="text-muted">
                  · {a.state === "pending" ? "pending" : a.severity} since <DateTime at={a.since} />
                  {a.notifiedAt ? (
                    <>
                      {" "}
                      · told <DateTime at={a.notifiedAt} />
                    </>
                  ) : null}
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-sm text-muted">Nothing fires.</p>
        )}
      </Card>
      <Card title="Contact points">
        <ContactPointList points={data.contactPoints} />
        <div className="mt-4 border-t border-line pt-4">
          <ContactPointForm emailReady={data.emailReady} />
        </div>
      </Card>
      <Card title="Rules">
        <RulesForm rules={data.rules} />
      </Card>
      <Card title="When to notify">
        <PolicyForm policy={data.policy} />
      </Card>
      <Card title="Silences">
        <Silences silences={data.silences} />
      </Card>
    </div>
  );
}
