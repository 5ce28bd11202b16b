const TONES = {
  info: "border-brand/30 bg-brand-soft text-ink",
  warn: "border-warn/40 bg-warn-soft text-ink",
  bad: "border-bad/40 bg-bad-soft text-ink",
} as const;

/** A banner: read-only mode, a service down, a form error. */
export function Notice({
  tone = "info",
  title,
  children,
}: {
  tone?: keyof typeof TONES;
  title?: string;
  children: React.ReactNode;
}) {
  return (
    <div role={tone === "bad" ? "alert" : "status"} className={`rounded-lg border px-4 py-3 text-sm ${TONES[tone]}`}>
      {title ? <p className="font-semibold">{title}</p> : null}
      <div>{children}</div>
    </div>
  );
}
