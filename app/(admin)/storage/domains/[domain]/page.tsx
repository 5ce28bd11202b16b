import { requireStaffPage } from "@/lib/auth/current-staff";
import { isHowdahError } from "@/lib/errors";
import { describeServiceFailure } from "@/lib/mastodon/service-errors";
import { getDomainStorage } from "@/lib/storage/domains";
import { domainSchema } from "@/lib/storage/inputs";
import { getServerContext } from "@/lib/server/context";
import { DomainView } from "@/components/storage/domain-view";

export const metadata = { title: "Storage by server" };

export default async function DomainStoragePage({ params }: { params: Promise<{ domain: string }> }) {
  await requireStaffPage("view_dashboard");
  const raw = safeDecode((await params).domain);
  const parsed = domainSchema.safeParse(raw);
  if (!parsed.success)
    return <DomainView domain={raw} initial={null} problem={parsed.error.issues[0]?.message ?? "Not a domain."} />;
  try {
    const data = await getDomainStorage(getServerContext(), parsed.data, "30d");
    return <DomainView domain={parsed.data} initial={data} problem={null} />;
  } catch (error) {
    return (
      <DomainView
        domain={parsed.data}
        initial={null}
        problem={isHowdahError(error) ? error.message : describeServiceFailure(error)}
      />
    );
  }
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
