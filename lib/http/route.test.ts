import { NextRequest } from "next/server";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { namedRule, PAGES, RULES } from "@/lib/auth/access";
import { PERMISSION_BITS, Permissions, type Permission } from "@/lib/auth/permissions";
import { staffRoute } from "./route";

// The session and Mastodon, stubbed: staffRoute's own work (rule, input, errors) is what is tested.
const state = vi.hoisted(() => ({
  uid: "7" as string | null,
  bits: 0,
  refusal: null as string | null,
  limitedFederationMode: false,
  lookups: 0,
  outage: null as Error | null,
}));

vi.mock("next-auth/jwt", () => ({
  getToken: async () =>
    state.uid ? { uid: state.uid, sid: "session-1", sexp: 4_000_000_000, exp: 4_000_000_000 } : null,
}));
// The server-side session is open; what Mastodon says of the user decides (lib/auth/sessions.test.ts tests the rest).
vi.mock("@/lib/auth/sessions", () => ({
  sessionDeps: async (context: { mastodon: unknown }) => ({ mastodon: context.mastodon }),
  async staffForSession(
    deps: { mastodon: { staff: { findUserById(id: string): Promise<unknown>; explainRefusal(u: unknown): unknown } } },
    claims: { uid: string },
  ) {
    const user = await deps.mastodon.staff.findUserById(claims.uid);
    return user && !deps.mastodon.staff.explainRefusal(user) ? user : null;
  },
}));
vi.mock("next/headers", () => ({
  // A session cookie that names the user, so the decoded-cookie cache never hands one test's claims to another.
  cookies: async () => ({
    getAll: () => (state.uid ? [{ name: "next-auth.session-token", value: `signed-in-as-${state.uid}` }] : []),
  }),
  headers: async () => new Headers(),
}));
vi.mock("next/navigation", () => ({
  redirect: (to: string) => {
    throw new Error(`redirect:${to}`);
  },
  forbidden: () => {
    throw new Error("forbidden");
  },
  notFound: () => {
    throw new Error("not-found");
  },
}));
vi.mock("@/lib/server/context", () => ({
  getServerContext: () => ({
    config: {
      howdah: { secret: "test-secret", publicUrl: "http://127.0.0.1" },
      mastodon: { limitedFederationMode: state.limitedFederationMode },
    },
    mastodon: {
      staff: {
        async findUserById(userId: string) {
          state.lookups++;
          if (state.outage) throw state.outage;
          return {
            userId,
            accountId: "70",
            acct: "someone",
            displayName: "Someone",
            roleName: "Role",
            permissions: Permissions.fromRoles(PERMISSION_BITS.invite_users, state.bits),
          };
        },
        explainRefusal: () => state.refusal,
      },
    },
  }),
}));

const grant = (...names: Permission[]) => {
  state.bits = names.reduce((bits, name) => bits | PERMISSION_BITS[name], 0);
};
const get = (path = "/api/x") => new NextRequest(`http://127.0.0.1${path}`);
const ok = async () => ({ ok: true });

async function call(route: (request: NextRequest) => Promise<Response>, request = get()) {
  const response = await route(request);
  return { status: response.status, body: await response.json() };
}

beforeEach(() => {
  Object.assign(state, { uid: "7", bits: 0, refusal: null, limitedFederationMode: false, lookups: 0 });
});

describe("staffRoute access", () => {
  it("answers 401 without a session or when Mastodon no longer lets the user in", async () => {
    state.uid = null;
    expect((await call(staffRoute({ access: RULES.anyStaff }, ok))).status).toBe(401);
    state.uid = "7";
    state.refusal = "This account is suspended.";
    expect((await call(staffRoute({ access: RULES.anyStaff }, ok))).status).toBe(401);
  });

  it("takes one permission and names it when refusing", async () => {
    grant("view_dashboard");
    expect(await call(staffRoute({ access: "view_dashboard" }, ok))).toEqual({ status: 200, body: { ok: true } });
    const refused = await call(staffRoute({ access: "manage_settings" }, ok));
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toBe("Your Mastodon role lacks the manage_settings permission this needs.");
  });

  it("takes a list meaning any of them", async () => {
    grant("view_devops");
    expect((await call(staffRoute({ access: ["view_dashboard", "view_devops"] }, ok))).status).toBe(200);
    const refused = await call(staffRoute({ access: ["view_audit_log", "manage_reports"] }, ok));
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/the view_audit_log or manage_reports permission/);
  });

  it("takes a named predicate, and the queue figures rule lets view_dashboard in but not the jobs", async () => {
    grant("view_dashboard");
    expect((await call(staffRoute({ access: PAGES.queues }, ok))).status).toBe(200);
    const jobs = await call(staffRoute({ access: RULES.viewJobs }, ok));
    expect(jobs.status).toBe(403);
    expect(jobs.body.error.message).toMatch(/view_devops/);
    const never = namedRule("never", "a permission nobody has", () => false);
    expect((await call(staffRoute({ access: never }, ok))).body.error.message).toMatch(/a permission nobody has/);
  });

  it("answers 404 with the reason for a page the instance does not have, 403 before that", async () => {
    state.limitedFederationMode = true;
    grant("manage_federation");
    const absent = await call(staffRoute({ access: PAGES.relays }, ok));
    expect(absent.status).toBe(404);
    expect(absent.body.error.message).toMatch(/limited federation mode/);
    grant("view_dashboard");
    expect((await call(staffRoute({ access: PAGES.relays }, ok))).status).toBe(403);
  });

  it("checks access before reading input, and parses input after", async () => {
    grant("view_dashboard");
    const input = z.object({ n: z.coerce.number().int() });
    const route = staffRoute({ access: "view_devops", input }, async ({ input }) => input);
    expect((await call(route, get("/api/x?n=oops"))).status).toBe(403);
    grant("view_devops");
    expect((await call(route, get("/api/x?n=oops"))).status).toBe(400);
    expect(await call(route, get("/api/x?n=3"))).toEqual({ status: 200, body: { n: 3 } });
  });

  it("asks Mastodon once per request", async () => {
    grant("view_devops");
    await call(staffRoute({ access: PAGES.system }, ok));
    expect(state.lookups).toBe(1);
  });
});

describe("requireStaffPage", () => {
  it("redirects to sign-in, renders the 403 or the 404, or returns the staff member", async () => {
    const { requireStaffPage } = await import("@/lib/auth/current-staff");
    state.uid = null;
    await expect(requireStaffPage(PAGES.system)).rejects.toThrow("redirect:/sign-in");
    state.uid = "7";
    grant("view_dashboard");
    await expect(requireStaffPage(PAGES.system)).rejects.toThrow("forbidden");
    state.limitedFederationMode = true;
    grant("manage_federation");
    await expect(requireStaffPage(PAGES.relays)).rejects.toThrow("not-found");
    await expect(requireStaffPage(PAGES.incidents)).rejects.toThrow("forbidden");
    grant("view_devops");
    expect((await requireStaffPage(PAGES.system))?.acct).toBe("someone");
  });

  it("an outage reaches pages as null and the shell as the outage's sentence, never as a thrown error", async () => {
    const { requireStaffPage, staffForShell } = await import("@/lib/auth/current-staff");
    const { HowdahError } = await import("@/lib/errors");
    state.outage = new HowdahError("unavailable", "PostgreSQL is unavailable: connection refused.");
    try {
      await expect(requireStaffPage(PAGES.system)).resolves.toBeNull();
      await expect(staffForShell(RULES.anyStaff)).resolves.toEqual({
        outage: "PostgreSQL is unavailable: connection refused.",
      });
      // Anything else is a bug and still goes to the error page.
      state.outage = new Error("a bug");
      await expect(requireStaffPage(PAGES.system)).rejects.toThrow("a bug");
    } finally {
      state.outage = null;
    }
  });
});
