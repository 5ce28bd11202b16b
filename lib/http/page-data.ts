import "server-only";
import { isHowdahError } from "@/lib/errors";
import { describeServiceFailure, isServiceFailure } from "@/lib/mastodon/service-errors";

/**
 * The one way a page shows that its data could not be read: it loads through
 * this, and shows `problem` (the view's own problem slot, or
 * components/ui/service-down.tsx) instead of failing the render. A service
 * outage names the service ("PostgreSQL is unavailable: connection refused"),
 * a HowdahError says what was wrong with the request; anything else is a bug
 * and goes on to the shell's error page (app/(admin)/error.tsx).
 */
export type PageData<T> = { data: T; problem: null } | { data: null; problem: string };

export async function loadPageData<T>(load: () => Promise<T>): Promise<PageData<T>> {
  try {
    return { data: await load(), problem: null };
  } catch (error) {
    if (isHowdahError(error)) return { data: null, problem: error.message };
    if (isServiceFailure(error)) return { data: null, problem: describeServiceFailure(error) };
    throw error;
  }
}
