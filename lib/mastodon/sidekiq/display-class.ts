import "server-only";
import { jsonString, scanArray, scanTopLevel } from "./payload-scan";

/**
 * The name Sidekiq's own Web UI gives a job (JobRecord#display_class in
 * lib/sidekiq/api.rb, the same rule at v6.5.12, v7.3.9, v8.0.9 and v8.1.6):
 * a `display_class` key in the payload wins; a job pushed by ActiveJob's
 * Sidekiq adapter shows the job it wraps, and a mail delivery shows
 * "<Mailer>#<method>" from the ActiveJob arguments, so an admin reads
 * "UserMailer#confirmation_instructions" where the payload's class says
 * "ActiveJob::QueueAdapters::SidekiqAdapter::JobWrapper" (6.5, 7.3) or
 * "Sidekiq::ActiveJob::Wrapper" (8.x).
 */
const ACTIVE_JOB_WRAPPERS = new Set([
  "ActiveJob::QueueAdapters::SidekiqAdapter::JobWrapper",
  "Sidekiq::ActiveJob::Wrapper",
]);
const MAIL_JOBS = new Set(["ActionMailer::MailDeliveryJob", "ActionMailer::DeliveryJob"]);

/** `fields`: the payload's top-level fields as raw JSON text (scanTopLevel). */
export function displayClassOf(fields: Map<string, string>): string | null {
  const own = jsonString(fields.get("display_class"));
  if (own) return own;
  const klass = jsonString(fields.get("class"));
  if (!klass || !ACTIVE_JOB_WRAPPERS.has(klass)) return klass;
  const first = firstArg(fields.get("args"));
  // Sidekiq reads `wrapped`, else the first argument (older adapters passed the job class there).
  const jobClass = jsonString(fields.get("wrapped")) ?? jsonString(first) ?? klass;
  if (!MAIL_JOBS.has(jobClass)) return jobClass;
  return mailerAndMethod(first) ?? jobClass;
}

function firstArg(argsText: string | undefined): string | undefined {
  return argsText === undefined ? undefined : scanArray(argsText)?.[0];
}

/** "UserMailer#confirmation_instructions" from ActiveJob's serialized job: arguments[0..1] joined by "#". */
function mailerAndMethod(serialized: string | undefined): string | null {
  const job = serialized ? scanTopLevel(serialized) : null;
  const args = job?.get("arguments");
  const [mailer, method] = (args ? scanArray(args) : null) ?? [];
  const names = [jsonString(mailer), jsonString(method)].filter((s): s is string => s !== null);
  return names.length > 0 ? names.join("#") : null;
}
