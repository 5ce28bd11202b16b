import { cookies } from "next/headers";
import { RULES, instanceConditions } from "@/lib/auth/access";
import { staffForShell } from "@/lib/auth/current-staff";
import { navFor } from "@/lib/navigation";
import { getServerContext } from "@/lib/server/context";
import { AppShell } from "@/components/shell/app-shell";
import { Providers } from "@/components/providers";
import { Notice } from "@/components/ui/notice";
import { ServiceDown } from "@/components/ui/service-down";
import { parseTheme, THEME_COOKIE } from "@/lib/shared/theme";

export const dynamic = "force-dynamic";

/**
 * Every signed-in page: session check, the shell, and the read-only banner
 * when writes are refused. The page below asks for the same staff member; the
 * answer is shared (currentStaff is cached per request), so Mastodon is asked once.
 */
export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const check = await staffForShell(RULES.anyStaff);
  // Nobody is known yet during an outage: the notice without the shell.
  if ("outage" in check) {
    return (
      <main className="flex min-h-screen items-center justify-center p-4">
        <ServiceDown message={check.outage} />
      </main>
    );
  }
  const { staff } = check;
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
        nav={navFor(staff.permissions, instanceConditions(context.config))}
        viewer={{ acct: staff.acct, roleName: staff.roleName }}
        domain={context.config.mastodon.localDomain}
        theme={parseTheme((await cookies()).get(THEME_COOKIE)?.value)}
        banner={banner}
      >
        {children}
      </AppShell>
    </Providers>
  );
}
