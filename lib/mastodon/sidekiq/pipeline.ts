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
