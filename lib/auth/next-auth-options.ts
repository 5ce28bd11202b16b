import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { getServerContext, type ServerContext } from "@/lib/server/context";
import { clientIp } from "@/lib/http/client-ip";
import { HowdahError } from "@/lib/errors";
import { asServiceError } from "@/lib/mastodon/service-errors";
import { passwordHasher } from "./password-hasher";
import { signIn as attemptSignIn } from "./sign-in";

/**
 * next-auth with one Credentials provider backed by Mastodon's users table.
 * The JWT holds only who signed in (user and account ids); what they may do is
 * re-read from Mastodon on every request (lib/auth/current-staff.ts), so a
 * role change, suspension or disabled login takes effect at once.
 *
 * A failed sign-in throws `<reason>:<message>`; the sign-in form splits it to
 * show the message and, for `otp_required`, the code field.
 */
export function authOptions(): NextAuthOptions {
  const context = getServerContext();
  const { howdah } = context.config;
  return {
    secret: howdah.secret,
    session: { strategy: "jwt", maxAge: howdah.sessionMaxAgeSeconds },
    jwt: { maxAge: howdah.sessionMaxAgeSeconds },
    pages: { signIn: "/sign-in", error: "/sign-in" },
    useSecureCookies: howdah.publicUrl.startsWith("https://"),
    providers: [
      CredentialsProvider({
        name: "Mastodon",
        credentials: { email: { type: "email" }, password: { type: "password" }, otp: { type: "text" } },
        async authorize(credentials, req) {
          const raw = { email: credentials?.email, password: credentials?.password, otp: credentials?.otp };
          const result = await signInSafely(context, raw, clientIp(req?.headers ?? {}));
          if (!result.ok) throw new Error(`${result.reason}:${result.message}`);
          return {
            id: result.user.userId,
            accountId: result.user.accountId,
            acct: result.user.acct,
            name: result.user.displayName || result.user.acct,
          };
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) {
          const u = user as { id: string; accountId: string; acct: string };
          token.uid = u.id;
          token.aid = u.accountId;
          token.acct = u.acct;
        }
        return token;
      },
      session({ session, token }) {
        return { ...session, user: { name: session.user?.name ?? null, acct: token.acct as string } };
      },
    },
  };
}

/** Sign-in with outages reported as `unavailable:<which service and why>`. */
async function signInSafely(context: ServerContext, raw: unknown, ip: string) {
  try {
    return await attemptSignIn(
      {
        mastodon: context.mastodon,
        store: await context.store(),
        limits: context.config.howdah.signInRateLimit,
        hasher: passwordHasher(context.config.howdah.signInHashing),
        encryptionKeys: context.config.mastodon.activeRecordEncryption,
      },
      raw,
      ip,
    );
  } catch (error) {
    const mapped = asServiceError("PostgreSQL", error);
    if (mapped instanceof HowdahError) return { ok: false as const, reason: "unavailable", message: mapped.message };
    throw error;
  }
}
