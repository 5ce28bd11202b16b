// The relay action route with ids Mastodon cannot hold: a clear 400 before any
// query, never a 500. The session and the context are stubbed (as in
// lib/http/route.test.ts): a relay function reached here would be a failure.
import { NextRequest } from "next/server";
import { describe, expect, it, vi } from "vitest";
import { PERMISSION_BITS, Permissions } from "@/lib/auth/permissions";

const reached = vi.hoisted(() => ({ relays: 0 }));

vi.mock("next-auth/jwt", () => ({
  getToken: async () => ({ uid: "7", sid: "session-1", sexp: 4_000_000_000, exp: 4_000_000_000 }),
}));
// The server-side session is open (lib/auth/sessions.test.ts tests sessions themselves).
vi.mock("@/lib/auth/sessions", () => ({
  sessionDeps: async (context: { mastodon: unknown }) => ({ mastodon: context.mastodon }),
  staffForSession: async (deps: { mastodon: { staff: { findUserById(id: string): Promise<unknown> } } }) =>
    deps.mastodon.staff.findUserById("7"),
}));
vi.mock("next/headers", () => ({
  cookies: async () => ({ getAll: () => [{ name: "next-auth.session-token", value: "signed-in" }] }),
  headers: async () => new Headers(),
}));
vi.mock("@/lib/server/context", () => {
  const relayCall = () => {
    reached.relays++;
    throw new Error("a relay write was reached");
  };
  return {
    getServerContext: () => ({
      config: {
        howdah: { secret: "test-secret", publicUrl: "http://127.0.0.1" },
        mastodon: { limitedFederationMode: false },
      },
      mastodon: {
        staff: {
          findUserById: async (userId: string) => ({
            userId,
            accountId: "70",
            acct: "owner",
            displayName: "Owner",
            roleName: "Owner",
            permissions: Permissions.fromRoles(0, PERMISSION_BITS.manage_federation),
          }),
          explainRefusal: () => null,
        },
        relays: { enable: relayCall, disable: relayCall, destroy: relayCall },
      },
      store: async () => {
        throw new Error("the store was reached");
      },
    }),
  };
});

const { POST } = await import("./route");

async function post(body: unknown) {
  const response = await POST(
    new NextRequest("http://127.0.0.1/api/relays/action", {
      method: "POST",
      headers: { "content-type": "application/json", origin: "http://127.0.0.1" },
      body: JSON.stringify(body),
    }),
  );
  return { status: response.status, body: (await response.json()) as { error?: { message: string } } };
}

describe("POST /api/relays/action with an id Mastodon cannot hold", () => {
  it.each([
    ["19 digits beyond PostgreSQL's bigint", "9999999999999999999"],
    ["one past the largest bigint", "9223372036854775808"],
    ["not a number", "abc"],
    ["zero", "0"],
    ["negative", "-1"],
  ])("%s: 400 with a clear message, nothing reached", async (_, id) => {
    const answer = await post({ id, action: "disable" });
    expect(answer.status).toBe(400);
    expect(answer.body.error?.message).toMatch(/A relay id is a whole number from 1 to 9223372036854775807/);
    expect(reached.relays).toBe(0);
  });
});
