const TONES = { ok: "bg-ok", warn: "bg-warn", bad: "bg-bad", idle: "bg-line" } as const;

/** A coloured dot with a text label: colour is never the only signal. */
export function StatusDot({ tone, label }: { tone: keyof typeof TONES; label: string }) {
  return (
    <span className="inline-flex items-center gap-1.5">
      <span aria-hidden className={`inline-block h-2.5 w-2.5 rounded-full ${TONES[tone]}`} />
      <span>{label}</span>
    </span>
  );
}
