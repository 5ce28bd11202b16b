import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { getServerContext, type ServerContext } from "@/lib/server/context";
import { clientIp } from "@/lib/http/client-ip";
import { HowdahError } from "@/lib/errors";
import { asServiceError } from "@/lib/mastodon/service-errors";
import { headers } from "next/headers";
import { asSessionToken, encodeSessionJwt } from "./session-jwt";
import { isSessionOpen, sessionDeps, signOutSession, startSession } from "./sessions";
import { passwordHasher } from "./password-hasher";
import { signIn as attemptSignIn } from "./sign-in";

/**
 * next-auth with one Credentials provider backed by Mastodon's users table.
 * The JWT holds who signed in and the id of their server-side session
 * (lib/auth/sessions.ts), which every request checks and which sign-out, a
 * password or role change in Mastodon, a disabled login and the absolute
 * lifetime end; what they may do is re-read from Mastodon on every request
 * (lib/auth/current-staff.ts).
 *
 * A failed sign-in throws `<reason>:<message>`; the sign-in form splits it to
 * show the message and, for `otp_required`, the code field.
 */
export function authOptions(): NextAuthOptions {
  const context = getServerContext();
  const { howdah } = context.config;
  return {
    secret: howdah.secret,
    // The cookie's JWT never outlives the server-side session's absolute end (session-jwt.ts).
    session: { strategy: "jwt", maxAge: howdah.sessionMaxAgeSeconds },
    jwt: { maxAge: howdah.sessionMaxAgeSeconds, encode: (params) => encodeSessionJwt(params) },
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
      async jwt({ token, user }) {
        if (user) {
          // Just signed in: open the server-side session the cookie will name.
          const u = user as { id: string; accountId: string; acct: string };
          const session = await openSession(context, u.id);
          token.uid = u.id;
          token.aid = u.accountId;
          token.acct = u.acct;
          token.sid = session.id;
          token.sexp = Math.floor(session.expiresAt.getTime() / 1000);
          return token;
        }
        // Re-issued by /api/auth/session: only while the session is open; a throw clears the cookie.
        const claims = asSessionToken(token);
        if (!claims || !(await isSessionOpen(await sessionDeps(context), claims))) {
          throw new Error("The session has ended.");
        }
        return token;
      },
      session({ session, token }) {
        return { ...session, user: { name: session.user?.name ?? null, acct: token.acct as string } };
      },
    },
    events: {
      // Ends the session on the server too: a copy of the cookie stops working with it.
      async signOut({ token }) {
        const claims = asSessionToken(token);
        if (!claims) return;
        const ip = clientIp(await headers());
        await signOutSession(await sessionDeps(context), claims, ip);
      },
    },
  };
}

/** The session for a user authorize() has just let in, opened against their current Mastodon row. */
async function openSession(context: ServerContext, userId: string) {
  const user = await context.mastodon.staff.findUserById(userId);
  if (!user) throw new Error("The account is gone.");
  return startSession(await sessionDeps(context), user);
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
