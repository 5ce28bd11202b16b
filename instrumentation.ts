/**
 * Next.js start-up hook: apply Howdah's store migrations and, in single-
 * process mode (HOWDAH_WORKER_MODE=inline), run the BullMQ worker inside the
 * web server. A database that is down now is retried by the first request.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startInsideWebServer } = await import("./lib/server/start-inside-web");
  await startInsideWebServer();
}
