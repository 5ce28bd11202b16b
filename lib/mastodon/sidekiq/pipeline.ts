import "server-only";
type Executable = { exec(): Promise<Array<[Error | null, unknown]> | null> };

/**
 * Runs an ioredis pipeline or MULTI and surfaces the first command error:
 * ioredis resolves `exec()` with per-command errors, which would otherwise be
 * read as values (a WRONGTYPE reply as a queue size, say).
 */
export async function execOrThrow(cmd: Executable): Promise<unknown[]> {
  const results = await cmd.exec();
  if (!results) throw new Error("Redis transaction aborted");
  return results.map(([err, value]) => {
    if (err) throw err;
    return value;
  });
}

/** One command's reply in a settled pipeline: its value, or the error Redis answered for it alone. */
export type Settled = { ok: true; value: unknown } | { ok: false; error: Error };

/**
 * Runs a pipeline and keeps each command's own outcome, for readers that
 * must survive one bad key: a WRONGTYPE reply on `queue:x` (someone LPUSHed
 * nothing, a script SET it) fails that command only, and the reader turns it
 * into one unknown figure instead of an error for the whole page. A failure
 * of the connection itself still throws (that is an outage, not a bad key).
 */
export async function execSettled(cmd: Executable): Promise<Settled[]> {
  const results = await cmd.exec();
  if (!results) throw new Error("Redis transaction aborted");
  return results.map(([err, value]) => {
    if (!err) return { ok: true as const, value };
    // Only Redis' own reply to one command is the key's fault; anything else is the connection's.
    if (err.name !== "ReplyError") throw err;
    return { ok: false as const, error: err };
  });
}

/** True for Redis' WRONGTYPE reply: the key exists but holds another kind of value. */
export function isWrongType(error: unknown): boolean {
  return /^WRONGTYPE\b/.test((error as Error)?.message ?? "");
}
