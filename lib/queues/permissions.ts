import "server-only";
import type { Staff } from "@/lib/auth/current-staff";
import type { Permission, Permissions } from "@/lib/auth/permissions";
import { HowdahError } from "@/lib/errors";

/**
 * Who may see and do what on the Queues page. Figures (sizes, latency,
 * counts, breakdowns by class and host) are for anyone with Mastodon's
 * dashboard or its Sidekiq page; job contents and every action only for the
 * people Mastodon lets see its Sidekiq page (view_devops): job arguments can
 * hold private posts. Mastodon's default Admin role has view_dashboard but
 * not view_devops; the Owner's administrator bit grants both.
 */
export const QUEUE_FIGURES_PERMISSIONS: readonly Permission[] = ["view_dashboard", "view_devops"];

export const canViewQueueFigures = (p: Permissions): boolean => QUEUE_FIGURES_PERMISSIONS.some((name) => p.can(name));
export const canViewJobs = (p: Permissions): boolean => p.can("view_devops");
export const canManageJobs = (p: Permissions): boolean => p.can("view_devops");

export function assertCanViewQueueFigures(staff: Staff): void {
  if (!canViewQueueFigures(staff.permissions)) {
    throw new HowdahError(
      "forbidden",
      "Your Mastodon role lacks the view_dashboard or view_devops permission the queue figures need.",
    );
  }
}
