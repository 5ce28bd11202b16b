import "server-only";
import { parseArgs } from "node:util";
import { getServerContext } from "./context";
import { startHowdahServer } from "./http-server";
import { reportStartupFailure } from "./startup-failure";

/**
 * `npm start`: Howdah's web server in production (see http-server.ts).
 * Bundled into .howdah/server.mjs by dev/setup/build-server.sh so it runs on
 * plain `node`. Takes `next start`'s options: `-p/--port` (or PORT, default
 * 3000) and `-H/--hostname` (default: every interface). Serves the build in
 * the current directory.
 */
(process.env as Record<string, string>).NODE_ENV = "production";

async function main() {
  const { values } = parseArgs({
    options: { port: { type: "string", short: "p" }, hostname: { type: "string", short: "H" } },
  });
  const port = Number(values.port ?? process.env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`${values.port ?? process.env.PORT} is not a port`);
  // Built now, so a bad configuration stops the start with one sentence.
  getServerContext();
  const server = await startHowdahServer({
    dir: process.cwd(),
    port,
    hostname: values.hostname,
    context: getServerContext,
  });
  console.log(`Howdah is listening on ${server.url}`);

  const stop = () => {
    const deadline = setTimeout(() => process.exit(0), 5_000);
    deadline.unref();
    void server.close().finally(() => process.exit(0));
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

main().catch(reportStartupFailure);
