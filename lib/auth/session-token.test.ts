import { decode, encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { TEST_SECRET } from "@/dev/testing/test-env";

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
