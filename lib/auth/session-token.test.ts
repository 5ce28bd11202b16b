import { decode, encode, getToken } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { TEST_SECRET } from "@/dev/testing/test-env";
import { encodeSessionJwt, sessionFromCookies } from "./session-jwt";

// The session is next-auth's encrypted JWT carrying only who signed in; these
// pin down that an expired or altered token is worth nothing.
describe("session tokens", () => {
  const token = { uid: "42", aid: "110000000000000001", acct: "admin" };

  it("decodes a fresh token signed with Howdah's secret", async () => {
    const jwt = await encode({ token, secret: TEST_SECRET, maxAge: 3600 });
    expect(await decode({ token: jwt, secret: TEST_SECRET })).toMatchObject(token);
  });

  it("refuses a token past its lifetime", async () => {
    const jwt = await encode({ token, secret: TEST_SECRET, maxAge: -60 });
    await expect(decode({ token: jwt, secret: TEST_SECRET })).rejects.toThrow();
  });

  it("refuses a token made with another secret, or altered", async () => {
    const jwt = await encode({ token, secret: TEST_SECRET, maxAge: 3600 });
    await expect(decode({ token: jwt, secret: "another-secret-that-is-long-enough-000" })).rejects.toThrow();
    const altered = jwt.slice(0, -8) + (jwt.endsWith("A") ? "BBBBBBBB" : "AAAAAAAA");
    await expect(decode({ token: altered, secret: TEST_SECRET })).rejects.toThrow();
  });
});

// Howdah's own encoding and reading of that token (lib/auth/session-jwt.ts).
describe("the session cookie's JWT", () => {
  const nowS = () => Math.floor(Date.now() / 1000);
  const claims = { uid: "42", aid: "110000000000000001", acct: "admin", sid: "s".repeat(43) };
  const lifetime = 8 * 3600;
  const issue = (sexp: number) =>
    encodeSessionJwt({ token: { ...claims, sexp }, secret: TEST_SECRET, maxAge: lifetime });

  it("expires at the session's absolute end, however late it is re-issued", async () => {
    const sexp = nowS() + lifetime;
    expect(await decode({ token: await issue(sexp), secret: TEST_SECRET })).toMatchObject({ ...claims, sexp });
    // Re-issued a minute before the end (as /api/auth/session does): it still ends then, not 8 hours on.
    const nearEnd = nowS() + 60;
    const late = await decode({ token: await issue(nearEnd), secret: TEST_SECRET });
    expect(late?.exp).toBeGreaterThanOrEqual(nearEnd - 1);
    expect(late?.exp).toBeLessThanOrEqual(nearEnd + 1);
    // At or past the end, nothing is issued.
    await expect(issue(nowS())).rejects.toThrow(/end of its lifetime/);
    await expect(issue(nowS() - 3600)).rejects.toThrow(/end of its lifetime/);
  });

  it("reads the session from its cookie and never from an Authorization header", async () => {
    const jwt = await encode({ token: { ...claims, sexp: nowS() + 3600 }, secret: TEST_SECRET });
    const cookie = { "next-auth.session-token": jwt };
    expect(await sessionFromCookies(cookie, TEST_SECRET, false)).toMatchObject({ uid: "42", sid: claims.sid });
    expect(await sessionFromCookies({}, TEST_SECRET, false)).toBeNull();
    // next-auth's own reader takes the same JWT as a bearer token; Howdah's does not give it the chance.
    const bearer = { cookies: {}, headers: { authorization: `Bearer ${jwt}` } } as never;
    expect(await getToken({ req: bearer, secret: TEST_SECRET })).toMatchObject({ uid: "42" });
    // A token without a session id (issued before sessions were kept) is no session.
    const old = await encode({ token: { uid: "42" }, secret: TEST_SECRET });
    expect(await sessionFromCookies({ "next-auth.session-token": old }, TEST_SECRET, false)).toBeNull();
  });

  it("decodes a cookie once for a while, never past its expiry, and never for another secret", async () => {
    const jwt = await encode({ token: { ...claims, sexp: nowS() + 3600 }, secret: TEST_SECRET, maxAge: 60 });
    const exp = ((await decode({ token: jwt, secret: TEST_SECRET }))!.exp as number) * 1000;
    const cookie = { "next-auth.session-token": jwt };
    const first = await sessionFromCookies(cookie, TEST_SECRET, false);
    expect(first).toMatchObject({ uid: "42", sid: claims.sid });
    expect(await sessionFromCookies(cookie, TEST_SECRET, false)).toEqual(first);
    expect(await sessionFromCookies(cookie, "another-secret-that-is-long-enough-000", false)).toBeNull();
    expect(await sessionFromCookies(cookie, TEST_SECRET, false, exp)).toBeNull();
  });
});
