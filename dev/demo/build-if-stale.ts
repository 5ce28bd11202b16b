import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

/**
 * Runs `next build` when there is no build, or when a source file is newer
 * than it, so `npm run demo` serves the current code without rebuilding
 * every time (a build takes a minute or two on two cores).
 */
const ROOT = path.resolve(import.meta.dirname, "../..");
const SOURCES = [
  "app",
  "components",
  "lib",
  "public",
  "next.config.ts",
  "package-lock.json",
  "instrumentation.ts",
  "proxy.ts",
];

function newestMtime(entry: string): number {
  const full = path.join(ROOT, entry);
  if (!existsSync(full)) return 0;
  const stat = statSync(full);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const child of readdirSync(full)) {
    if (child === "generated" || child.endsWith(".test.ts")) continue;
    newest = Math.max(newest, newestMtime(path.join(entry, child)));
  }
  return newest;
}

export function buildIfStale(log: (line: string) => void): void {
  const buildId = path.join(ROOT, ".next", "BUILD_ID");
  const built = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;
  if (built && Math.max(...SOURCES.map(newestMtime)) < built) return;
  log("building Howdah (next build; a minute or two)…");
  execFileSync("npx", ["next", "build"], { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] });
}
