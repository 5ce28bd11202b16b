import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

/** Resident memory of a process and all its descendants, in MB (Linux /proc). */
export function treeRssMb(pid: number): number {
  let total = 0;
  for (const p of [pid, ...descendants(pid)]) {
    try {
      const status = readFileSync(`/proc/${p}/status`, "utf8");
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      total += kb;
    } catch {
      // the process ended between listing and reading
    }
  }
  return total / 1024;
}

function descendants(pid: number): number[] {
  let out = "";
  try {
    out = execFileSync("ps", ["-o", "pid=", "--ppid", String(pid)], { encoding: "utf8" });
  } catch {
    return [];
  }
  const children = out
    .split("\n")
    .map((s) => Number(s.trim()))
    .filter(Boolean);
  return children.flatMap((c) => [c, ...descendants(c)]);
}
