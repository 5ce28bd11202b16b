import { spawn, type ChildProcess } from "node:child_process";
import pg from "pg";
import { E2E, e2eEnv } from "./e2e-instance";

/**
 * What browser tests do behind Howdah's back, as an admin would in Mastodon
 * or on its database: change a user's row (and put it back), add a role, or
 * run a second Howdah on the same instance with other settings.
 */
export async function withE2eDatabase<T>(run: (db: pg.Client) => Promise<T>): Promise<T> {
  const db = new pg.Client({ connectionString: E2E.connectionString });
  await db.connect();
  try {
    return await run(db);
  } finally {
    await db.end();
  }
}

const USER_COLUMNS = ["encrypted_password", "disabled", "role_id"] as const;
type UserColumn = (typeof USER_COLUMNS)[number];

/** Sets one column of the user with this e-mail; the returned function puts the old value back. */
export async function changeUser(email: string, column: UserColumn, value: unknown): Promise<() => Promise<void>> {
  if (!USER_COLUMNS.includes(column)) throw new Error(`not a column these tests change: ${column}`);
  const old = await withE2eDatabase(async (db) => {
    const { rows } = await db.query(`SELECT ${column} AS v FROM users WHERE email = $1`, [email]);
    if (rows.length !== 1) throw new Error(`no user ${email}`);
    await db.query(`UPDATE users SET ${column} = $2 WHERE email = $1`, [email, value]);
    return rows[0].v as unknown;
  });
  return () =>
    withE2eDatabase((db) => db.query(`UPDATE users SET ${column} = $2 WHERE email = $1`, [email, old])).then();
}

/** A role as Mastodon's admin creates it; the returned function removes it (after its users are moved off it). */
export async function createRole(name: string, permissions: number): Promise<{ id: string; remove(): Promise<void> }> {
  const id = await withE2eDatabase(async (db) => {
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO user_roles (name, color, position, permissions, highlighted, created_at, updated_at)
       VALUES ($1, '', 5, $2, false, now(), now()) RETURNING id::text`,
      [name, permissions],
    );
    return rows[0]!.id;
  });
  return { id, remove: () => withE2eDatabase((db) => db.query("DELETE FROM user_roles WHERE id = $1", [id])).then() };
}

/**
 * Another Howdah (the same production build) on the browser tests' instance,
 * with some settings of its own; no job worker, which the main one runs.
 */
export async function startExtraHowdah(
  port: number,
  env: Record<string, string>,
): Promise<{ url: string; stop(): Promise<void> }> {
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn("node", [".howdah/server.mjs", "-p", String(port), "-H", "127.0.0.1"], {
    env: {
      ...process.env,
      ...e2eEnv(),
      HOWDAH_URL: url,
      NEXTAUTH_URL: url,
      HOWDAH_WORKER_MODE: "separate",
      NODE_OPTIONS: "",
      ...env,
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the extra Howdah on port ${port} exited with ${child.exitCode}`);
    const up = await fetch(`${url}/sign-in`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    if (Date.now() > deadline) {
      child.kill("SIGTERM");
      throw new Error(`the extra Howdah on port ${port} did not answer within a minute`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    url,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}
