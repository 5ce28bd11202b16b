import "server-only";
/**
 * Prometheus text exposition format (version 0.0.4): one HELP and TYPE line
 * per family, then one line per sample with escaped label values.
 */
export interface MetricFamily {
  name: string;
  help: string;
  type: "gauge" | "counter";
  samples: { labels?: Record<string, string>; value: number }[];
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Infinity) return "+Inf";
  if (value === -Infinity) return "-Inf";
  return String(value);
}

export function renderExposition(families: MetricFamily[]): string {
  const lines: string[] = [];
  for (const family of families) {
    lines.push(`# HELP ${family.name} ${family.help.replace(/\\/g, "\\\\").replace(/\n/g, "\\n")}`);
    lines.push(`# TYPE ${family.name} ${family.type}`);
    for (const sample of family.samples) {
      const labels =
        sample.labels && Object.keys(sample.labels).length
          ? `{${Object.entries(sample.labels)
              .map(([k, v]) => `${k}="${escapeLabel(v)}"`)
              .join(",")}}`
          : "";
      lines.push(`${family.name}${labels} ${formatValue(sample.value)}`);
    }
  }
  return lines.join("\n") + "\n";
}
