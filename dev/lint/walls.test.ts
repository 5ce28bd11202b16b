import path from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

/**
 * The walls between rooms are only as good as the linter's rules: each case
 * lints a small file at a path in a given room and checks which rule objects.
 * A rule that stopped matching (a moved folder, a renamed module) fails here.
 */
const eslint = new ESLint({ cwd: path.resolve(import.meta.dirname, "../..") });

async function rulesHit(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return [...new Set(result!.messages.map((m) => m.ruleId ?? "parse error"))].sort();
}

const SERVER = 'import "server-only";\n';
const IMPORTS = "@typescript-eslint/no-restricted-imports";
const SQL = "no-restricted-syntax";
const SERVER_ONLY = "howdah/require-server-only";

describe("the linter's walls", () => {
  it("let a feature use the gateway through its context, and nothing more", async () => {
    const ok = `${SERVER}import type { ServerContext } from "@/lib/server/context";
export const read = (c: ServerContext) => c.mastodon.sidekiq.snapshot({ work: false });\n`;
    expect(await rulesHit("lib/queues/example.ts", ok)).toEqual([]);
    expect(await rulesHit("lib/queues/example.ts", `${SERVER}import pg from "pg";\nexport const p = pg;\n`)).toEqual([
      IMPORTS,
    ]);
    const internals = `${SERVER}import { sidekiqKeys } from "@/lib/mastodon/sidekiq/keys";\nexport { sidekiqKeys };\n`;
    expect(await rulesHit("lib/storage/example.ts", internals)).toEqual([IMPORTS]);
    const relative = `${SERVER}import { inTransaction } from "../pg/in-transaction";\nexport { inTransaction };\n`;
    expect(await rulesHit("lib/relays/example.ts", relative)).toEqual([IMPORTS]);
  });

  it("keep SQL naming a table in lib/mastodon and lib/store, and howdah.* in lib/store only", async () => {
    const mastodonSql = `${SERVER}export const q = "SELECT count(*) FROM accounts";\n`;
    expect(await rulesHit("lib/overview/example.ts", mastodonSql)).toEqual([SQL]);
    expect(await rulesHit("lib/mastodon/example.ts", mastodonSql)).toEqual([]);
    const storeSql = `${SERVER}export const q = \`SELECT 1 FROM howdah.audit_log\`;\n`;
    expect(await rulesHit("lib/status/example.ts", storeSql)).toEqual([SQL]);
    expect(await rulesHit("lib/mastodon/example.ts", storeSql)).toEqual([SQL]);
    expect(await rulesHit("lib/store/example.ts", storeSql)).toEqual([]);
    // Prose is not SQL.
    expect(await rulesHit("lib/status/example.ts", `${SERVER}export const s = "Posts from other servers";\n`)).toEqual(
      [],
    );
  });

  it("give Prisma to lib/store alone, and keep the dev folder out of the product", async () => {
    const prisma = `${SERVER}import { PrismaClient } from "@/lib/generated/prisma/client";\nexport { PrismaClient };\n`;
    expect(await rulesHit("lib/queues/example.ts", prisma)).toEqual([IMPORTS]);
    expect(await rulesHit("lib/store/example.ts", prisma)).toEqual([]);
    const dev = `${SERVER}import { E2E } from "@/dev/testing/e2e-instance";\nexport const e = E2E;\n`;
    expect(await rulesHit("lib/status/example.ts", dev)).toEqual([IMPORTS]);
    expect(await rulesHit("app/example/route.ts", dev)).toEqual([IMPORTS]);
  });

  it("let components import code from lib/shared and lib/client only, and types from anywhere", async () => {
    const server = `import { getServerContext } from "@/lib/server/context";\nexport const g = getServerContext;\n`;
    expect(await rulesHit("components/example.tsx", server)).toEqual([IMPORTS]);
    const types = `import type { QueuesSummary } from "@/lib/queues/summary";\nexport type S = QueuesSummary;\n`;
    expect(await rulesHit("components/example.tsx", types)).toEqual([]);
    const shared = `import { formatBytes } from "@/lib/shared/bytes";\nexport const f = formatBytes;\n`;
    expect(await rulesHit("components/example.tsx", shared)).toEqual([]);
  });

  it('ask server modules to start with import "server-only", and lines to fit 120 columns', async () => {
    expect(await rulesHit("lib/queues/example.ts", "export const a = 1;\n")).toEqual([SERVER_ONLY]);
    expect(await rulesHit("lib/shared/example.ts", "export const a = 1;\n")).toEqual([]);
    expect(await rulesHit("lib/shared/example.ts", `export const a = "${"x".repeat(120)}";\n`)).toEqual(["max-len"]);
  });
});
