import { useId } from "react";

/** A chart's accessible frame: the drawing as one named image, and the summary describing it. */
export function ChartFrame({
  label,
  summary,
  height,
  children,
}: {
  label: string;
  summary: string;
  height: number;
  children: React.ReactNode;
}) {
  const id = useId();
  return (
    <>
      <div role="img" aria-label={label} aria-describedby={id} style={{ height }} className="w-full min-w-0">
        {children}
      </div>
      <p id={id} className="sr-only">
        {summary}
      </p>
    </>
  );
}
