import { Card } from "@/components/ui/card";
import type { StorageCapacity } from "@/lib/storage/capacity";
import type { StorageForecast } from "@/lib/storage/forecast";
import type { RetentionEffect } from "@/lib/storage/retention-effect";
import { formatBytes } from "@/lib/shared/bytes";
import { FIGURES } from "@/lib/shared/figure-labels";
import { CapacityForm } from "./capacity-form";
import { formatDay } from "@/lib/shared/format";

/** When the disk or bucket fills, with the method in words, beside what the media cache retention does. */
export function ForecastPanel({
  forecast,
  retention,
  capacity,
  canEdit,
}: {
  forecast: StorageForecast;
  retention: RetentionEffect;
  capacity: StorageCapacity;
  canEdit: boolean;
}) {
  const used = forecast.capacityBytes ? Math.min(1, forecast.usedBytes / forecast.capacityBytes) : null;
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <Card title="Forecast">
        <p className="text-lg font-semibold" data-testid="forecast-summary">
          {forecast.summary}
        </p>
        {forecast.fullOn && forecast.status === "fills" ? (
          <p className="mt-1 text-sm text-muted">
            Between {formatDay(forecast.fullOn.earliest)} and{" "}
            {forecast.fullOn.latest ? formatDay(forecast.fullOn.latest) : "never, at the slowest recent rate"}
            {forecast.fullOn.likely ? `; most likely around ${formatDay(forecast.fullOn.likely)}` : ""}.
          </p>
        ) : null}
        {used !== null ? (
          <div className="mt-3">
            <div
              className="h-2 w-full overflow-hidden rounded-full bg-canvas"
              role="progressbar"
              aria-label="Capacity used"
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={Math.round(used * 100)}
            >
              <div
                className={`h-full ${used > 0.9 ? "bg-bad" : used > 0.75 ? "bg-warn" : "bg-brand"}`}
                style={{ width: `${used * 100}%` }}
              />
            </div>
            <p className="mt-1 text-xs text-muted">
              {formatBytes(forecast.usedBytes)} of {formatBytes(forecast.capacityBytes!)} ({Math.round(used * 100)}%)
              {forecast.includesDatabase ? ", media and PostgreSQL" : ", media"}
            </p>
          </div>
        ) : null}
        {forecast.rate ? (
          <p className="mt-3 text-sm" title={FIGURES.forecastRate.counts}>
            {FIGURES.forecastRate.label}: about {formatBytes(forecast.rate.mid)} a day (range{" "}
            {formatBytes(forecast.rate.low)} to {formatBytes(forecast.rate.high)}).
          </p>
        ) : null}
        {forecast.methodText ? <p className="mt-2 text-xs text-muted">How: {forecast.methodText}</p> : null}
        <div className="mt-4 border-t border-line pt-4">
          <CapacityForm capacity={capacity} canEdit={canEdit} />
        </div>
      </Card>
      <Card title="Media cache retention">
        <p className="text-lg font-semibold">{retention.days === null ? "Off" : `${retention.days} days`}</p>
        <p className="mt-1 text-sm text-muted">{retention.explanation}</p>
        <dl className="mt-3 grid grid-cols-2 gap-3 text-sm">
          <div>
            <dt className="text-muted" title={FIGURES.mediaCache.counts}>
              {FIGURES.mediaCache.label}
            </dt>
            <dd className="font-semibold tabular-nums">{formatBytes(retention.cacheBytes)}</dd>
          </div>
          <div>
            <dt className="text-muted" title={FIGURES.cacheArrivingPerDay.counts}>
              {FIGURES.cacheArrivingPerDay.label}
            </dt>
            <dd className="font-semibold tabular-nums">
              {formatBytes(retention.cacheAddedPerDay)}
              <span className="block text-xs font-normal text-muted">
                average of the last {retention.cacheWindowDays} days
              </span>
            </dd>
          </div>
        </dl>
        <p className="mt-3 text-sm">{retention.alternative}</p>
        <p className="mt-2 text-xs text-muted">
          Remote media means attachments and link preview images, what Mastodon&apos;s media cache vacuum clears. Set it
          under Administration → Server settings → Content retention in Mastodon.
        </p>
      </Card>
    </div>
  );
}
