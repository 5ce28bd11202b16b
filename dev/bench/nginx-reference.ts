import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { runLoad } from "./status-load";

/**
 * The status page's anchor: Debian's nginx serving the very bytes Howdah
 * serves (the gzipped page, with its content type, encoding and Vary), from
 * a file, with keep-alive unbounded as Node's is. And one load generator
 * for both: wrk when installed (C, one thread, 50 connections, so it takes
 * one core and leaves the other to the server), else the bench's own.
 */
const nginxBinary = () => ["/usr/sbin/nginx", "/usr/bin/nginx"].find((p) => exists(p)) ?? null;
const exists = (p: string) => {
  try {
    execFileSync("test", ["-x", p]);
    return true;
  } catch {
    return false;
  }
};

export async function startNginx(
  gzipped: Buffer,
  port: number,
  workers: 1 | "auto",
): Promise<{ stop(): Promise<void> } | null> {
  const binary = nginxBinary();
  if (!binary) return null;
  const dir = mkdtempSync(path.join(tmpdir(), "howdah-bench-nginx-"));
  writeFileSync(path.join(dir, "status.html.gz"), gzipped);
  const conf = `worker_processes ${workers};
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
daemon off;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  keepalive_requests 100000000;
  keepalive_timeout 30s;
  server {
    listen 127.0.0.1:${port};
    location = /status {
      default_type "text/html; charset=utf-8";
      add_header content-encoding gzip;
      add_header vary accept-encoding;
      add_header cache-control "public, max-age=10, stale-while-revalidate=60, stale-if-error=86400";
      alias ${dir}/status.html.gz;
    }
  }
}
`;
  writeFileSync(path.join(dir, "nginx.conf"), conf);
  const child = spawn(binary, ["-p", dir, "-c", path.join(dir, "nginx.conf")], { stdio: "ignore" });
  for (let i = 0; i < 50; i++) {
    const up = await fetch(`http://127.0.0.1:${port}/status`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    await sleep(100);
  }
  return {
    async stop() {
      child.kill("SIGQUIT");
      await new Promise((resolve) => (child.exitCode === null ? child.once("exit", resolve) : resolve(null)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface HttpLoadResult {
  tool: string;
  rps: number;
  p99: number;
}

const WRK = { connections: 50, seconds: 10 } as const;

/** Closed-loop load on one URL asking for gzip: wrk when installed, else the bench's generator in this process. */
export async function httpLoad(url: string): Promise<HttpLoadResult> {
  if (exists("/usr/bin/wrk")) {
    const out = execFileSync(
      "wrk",
      ["-t1", `-c${WRK.connections}`, `-d${WRK.seconds}s`, "--latency", "-H", "Accept-Encoding: gzip", url],
      { encoding: "utf8" },
    );
    const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0);
    const p99 = /\s99%\s+([\d.]+)(us|ms|s)/.exec(out);
    const ms = p99 ? Number(p99[1]) * (p99[2] === "us" ? 0.001 : p99[2] === "s" ? 1000 : 1) : 0;
    return { tool: `wrk (1 thread, ${WRK.connections} connections)`, rps: Math.round(rps), p99: ms };
  }
  const r = await runLoad(url, WRK.connections, WRK.seconds, 1, { "accept-encoding": "gzip" });
  return { tool: "the bench's generator", rps: r.rps, p99: r.p99 };
}
