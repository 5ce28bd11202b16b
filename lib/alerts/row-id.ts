import "server-only";
import { HowdahError } from "@/lib/errors";
import { rowIdInput } from "./alerting-input";

/** The row number a route's path ends with (`/api/alerts/silences/12`), or `fromEnd` segments before it. */
export function rowIdFrom(pathname: string, fromEnd = 0): string {
  const parts = pathname.split("/");
  const parsed = rowIdInput.safeParse({ id: parts[parts.length - 1 - fromEnd] });
  if (!parsed.success) throw new HowdahError("bad_request", `id: ${parsed.error.issues[0]!.message}`);
  return parsed.data.id;
}
