"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Notice } from "@/components/ui/notice";

/**
 * E-mail and password, then, for accounts with two-factor authentication, the
 * code. The server answers a failure as `<reason>:<message>`.
 */
export function SignInForm({ callbackUrl }: { callbackUrl: string }) {
  const router = useRouter();
  const [needsCode, setNeedsCode] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    const result = await signIn("credentials", {
      redirect: false,
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
      otp: String(form.get("otp") ?? ""),
    }).catch(() => ({ ok: false, error: "network:Howdah cannot be reached; check your connection." }));
    setBusy(false);
    if (result?.ok && !result.error) {
      router.replace(callbackUrl);
      router.refresh();
      return;
    }
    const raw = result?.error ?? "";
    const separator = raw.indexOf(":");
    const reason = separator > 0 ? raw.slice(0, separator) : "";
    const message = separator > 0 ? raw.slice(separator + 1) : "Sign-in failed. Please try again.";
    if (reason === "otp_required" || reason === "otp_invalid") setNeedsCode(true);
    setError(reason === "otp_required" ? null : message);
  }

  return (
    <form onSubmit={submit} className="space-y-4" noValidate>
      {error ? <Notice tone="bad">{error}</Notice> : null}
      <label className="block text-sm font-medium">
        E-mail
        <input
          name="email"
          type="email"
          autoComplete="username"
          required
          className="mt-1 block w-full rounded-md border border-line px-3 py-2 text-base"
        />
      </label>
      <label className="block text-sm font-medium">
        Password
        <input
          name="password"
          type="password"
          autoComplete="current-password"
          required
          className="mt-1 block w-full rounded-md border border-line px-3 py-2 text-base"
        />
      </label>
      {needsCode ? (
        <label className="block text-sm font-medium">
          Two-factor code
          <input
            name="otp"
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9]{6}"
            maxLength={6}
            autoFocus
            className="mt-1 block w-full rounded-md border border-line px-3 py-2 text-base tracking-widest"
          />
          <span className="mt-1 block text-xs font-normal text-muted">
            Enter the 6-digit code from your authenticator app.
          </span>
        </label>
      ) : null}
      <button
        type="submit"
        disabled={busy}
        className="w-full rounded-md bg-brand px-4 py-2.5 font-semibold text-on-brand disabled:opacity-60"
      >
        {busy ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
