/**
 * Next.js start-up hook: start the web process's background work (store
 * migrations, the status page's round, and in single-process mode,
 * HOWDAH_WORKER_MODE=inline, the BullMQ worker). Nothing here waits for
 * PostgreSQL or Redis: Next serves no request until this returns.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startInsideWebServer } = await import("./lib/server/start-inside-web");
  await startInsideWebServer();
}
