import { allows, PAGES, RULES } from "@/lib/auth/access";
import { requireStaffPage } from "@/lib/auth/current-staff";
import { loadPageData } from "@/lib/http/page-data";
import { readRetentionSettings } from "@/lib/retention/settings";
import { readVacuumStatus } from "@/lib/retention/vacuum";
import { getServerContext } from "@/lib/server/context";
import { RetentionSettingsForm } from "@/components/retention/retention-settings-form";
import { RecommendationCard } from "@/components/retention/recommendation-card";
import { VacuumStatusCard } from "@/components/retention/vacuum-status";
import { Notice } from "@/components/ui/notice";

export const metadata = { title: "Retention" };

/** Mastodon's content retention settings need manage_settings; running the cleanup also view_devops. */
export default async function RetentionPage() {
  const staff = await requireStaffPage(PAGES.retention);
  if (!staff) return null;
  const context = getServerContext();
  const [settings, status] = await Promise.all([
    loadPageData(async () => ({ settings: await readRetentionSettings(context) })),
    loadPageData(() => readVacuumStatus(context)),
  ]);
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-xl font-semibold">Retention</h1>
      {settings.problem ? <Notice tone="bad">{settings.problem}</Notice> : null}
      {settings.data ? <RetentionSettingsForm initial={settings.data} /> : null}
      <RecommendationCard />
      {status.problem ? <Notice tone="bad">{status.problem}</Notice> : null}
      <VacuumStatusCard initial={status.data ?? undefined} canRun={allows(RULES.runVacuum, staff.permissions)} />
    </div>
  );
}
