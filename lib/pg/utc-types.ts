import "server-only";
import pg from "pg";

/**
 * Mastodon stores every datetime as `timestamp without time zone` in UTC
 * (Rails sets the session to UTC). node-postgres would read those as local
 * time, so Howdah's pools parse them as UTC explicitly, whatever TZ the
 * process runs in. int8 stays a string: callers convert deliberately, because
 * snowflake ids do not fit in a JS number.
 */
const TIMESTAMP_WITHOUT_TZ = 1114;

export const utcTypes = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === TIMESTAMP_WITHOUT_TZ && format !== "binary") {
      return (value: string) => new Date(value.replace(" ", "T") + "Z");
    }
    return pg.types.getTypeParser(oid, format ?? "text");
  },
} as pg.CustomTypesConfig;
