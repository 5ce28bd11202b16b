import { redirect } from "next/navigation";
import { currentStaff } from "@/lib/auth/current-staff";
import { sameOriginPath } from "@/lib/http/same-origin-path";
import { getServerContext } from "@/lib/server/context";
import { SignInForm } from "@/components/sign-in/sign-in-form";

export const metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const staff = await currentStaff().catch(() => null);
  const { callbackUrl } = await searchParams;
  // Only paths on Howdah: a crafted callbackUrl must not bounce staff elsewhere.
  const target = sameOriginPath(callbackUrl);
  if (staff) redirect(target);
  const domain = getServerContext().config.mastodon.localDomain;
  return (
    <main className="flex min-h-screen items-center justify-center p-4">
      <div className="w-full max-w-sm rounded-xl border border-line bg-surface p-6 shadow-sm">
        <h1 className="text-xl font-bold text-brand">Howdah</h1>
        <p className="mb-5 text-sm text-muted">Sign in with your {domain} staff account.</p>
        <SignInForm callbackUrl={target} />
      </div>
    </main>
  );
}
