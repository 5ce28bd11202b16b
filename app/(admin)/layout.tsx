import { requireStaffPage } from "@/lib/auth/current-staff";
import { navFor } from "@/lib/navigation";
import { getServerContext } from "@/lib/server/context";
import { AppShell } from "@/components/shell/app-shell";
import { Providers } from "@/components/providers";
import { Notice } from "@/components/ui/notice";
import { ServiceDown } from "@/components/ui/service-down";
import { HowdahError } from "@/lib/errors";

export const dynamic = "force-dynamic";

/** Every signed-in page: session check, the shell, and the read-only banner when writes are refused. */
export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  let staff;
  try {
    staff = await requireStaffPage(null);
  } catch (error) {
    // redirect() and forbidden() throw too; only outages are shown here.
    if (error instanceof HowdahError && error.code === "unavailable") return <ServiceDown message={error.message} />;
    throw error;
  }
  const context = getServerContext();
  const version = await context.mastodon.version().catch(() => null);
  const banner =
    version && !version.writable ? (
      <Notice tone="warn" title="Read-only mode">
        {version.readOnlyReason}
      </Notice>
    ) : null;
  return (
    <Providers>
      <AppShell
        nav={navFor(staff.permissions, { limitedFederationMode: context.config.mastodon.limitedFederationMode })}
        viewer={{ acct: staff.acct, roleName: staff.roleName }}
        domain={context.config.mastodon.localDomain}
        banner={banner}
      >
        {children}
      </AppShell>
    </Providers>
  );
}
