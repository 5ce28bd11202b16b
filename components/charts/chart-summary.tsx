import { useId } from "react";

/**
 * A chart's accessible frame: the drawing as one named image (role="img"; the
 * chart itself keeps out of the Tab order), described by a text summary of
 * its figures (summarizeSeries in lib/shared/chart-summary.ts) that screen
 * readers read and nobody sees.
 */
export function ChartFrame({
  label,
  summary,
  children,
  ...div
}: {
  label: string;
  summary: string;
  children: React.ReactNode;
} & Omit<React.ComponentProps<"div">, "role" | "aria-label" | "aria-describedby">) {
  const id = useId();
  return (
    <>
      <div role="img" aria-label={label} aria-describedby={id} {...div}>
        {children}
      </div>
      <p id={id} className="sr-only">
        {summary}
      </p>
    </>
  );
}
