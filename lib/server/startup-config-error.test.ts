import { execFile, spawn } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { TEST_SECRET } from "@/dev/testing/test-env";

/**
 * A bad configuration stops every way of starting Howdah before it says it is
 * ready: the production server (`npm start`'s bundle), the worker, and
 * `npm run dev` (whose `next dev` would otherwise print "✓ Ready" first and
 * fail only on the first request). Each exits non-zero with one sentence
 * naming the variable.
 */
const root = path.resolve(import.meta.dirname, "../..");
const run = promisify(execFile);

interface Outcome {
  code: number | null;
  output: string;
}

function start(command: string, args: string[], env: Record<string, string>, timeoutMs = 90_000): Promise<Outcome> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: root,
      env: env as NodeJS.ProcessEnv,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    // A process that says it is ready and keeps running has failed the test: stop it and its children.
    const timer = setTimeout(() => process.kill(-child.pid!, "SIGKILL"), timeoutMs);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

const baseEnv = (extra: Record<string, string>): Record<string, string> => ({
  PATH: process.env.PATH ?? "/usr/bin:/bin",
  HOME: process.env.HOME ?? "/tmp",
  HOWDAH_SECRET: TEST_SECRET,
  ...extra,
});

const CASES = [
  { name: "LOCAL_DOMAIN missing", env: baseEnv({}), says: /Howdah cannot start: LOCAL_DOMAIN is not set/ },
  {
    name: "HOWDAH_URL not a web address",
    env: baseEnv({ LOCAL_DOMAIN: "example.social", HOWDAH_URL: "ftp://howdah.example" }),
    says: /Howdah cannot start: HOWDAH_URL must be an http:\/\/ or https:\/\/ URL/,
  },
];

const NOT_READY = /ready|listening/i;

beforeAll(async () => {
  await run("sh", ["dev/setup/build-server.sh"], { cwd: root });
  await run("sh", ["dev/setup/build-worker.sh"], { cwd: root });
}, 60_000);

describe.each(CASES)("a bad configuration ($name)", ({ env, says }) => {
  it("stops the web server before it listens", async () => {
    const { code, output } = await start("node", [".howdah/server.mjs", "-p", "0", "-H", "127.0.0.1"], env);
    expect(code).toBe(1);
    expect(output).toMatch(says);
    expect(output).not.toMatch(NOT_READY);
    expect(output.trim().split("\n")).toHaveLength(1);
  });

  it("stops the worker before it runs a job", async () => {
    const { code, output } = await start("node", [".howdah/worker.mjs"], env);
    expect(code).toBe(1);
    expect(output).toMatch(says);
    expect(output).not.toMatch(NOT_READY);
  });
});

describe("npm run dev with a bad configuration", () => {
  it("stops before next dev says it is ready", async () => {
    const { code, output } = await start("npm", ["run", "--silent", "dev", "--", "-p", "0"], CASES[0]!.env);
    expect(output).toMatch(CASES[0]!.says);
    expect(output).not.toMatch(/✓ Ready/);
    expect(code).not.toBe(0);
    expect(code).not.toBeNull();
  }, 100_000);
});
