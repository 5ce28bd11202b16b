import { DateTime } from "@/components/ui/date-time";

/** A relative time ("3 min ago"), the local and UTC times on hover. */
export function Ago({ ms, unknown }: { ms: number | null; unknown?: string }) {
  return <DateTime at={ms} relative unknown={unknown} />;
}
