import "server-only";
import { NextResponse, type NextRequest } from "next/server";
import type { z } from "zod";
import type { AccessRule, StaffPage } from "@/lib/auth/access";
import { requireStaff, type Staff } from "@/lib/auth/current-staff";
import { HowdahError, isHowdahError } from "@/lib/errors";
import { asServiceError } from "@/lib/mastodon/service-errors";
import { getServerContext, type ServerContext } from "@/lib/server/context";
import { assertSameOriginJsonWrite } from "./write-guard";

/**
 * The one wrapper every staff route handler goes through: session, then the
 * access rule, then (for writes) the same-origin JSON guard, then zod-parsed input (query string for GET, JSON body
 * otherwise), then the service. Errors map to HTTP in `errorResponse` only.
 *
 * `access` is a rule from lib/auth/access.ts: a page (`PAGES.queues`: the
 * page's rule, and 404 where the instance has no such page), a named rule
 * (`RULES.manageJobs`), one permission, or a list meaning any of them. No
 * handler checks permissions by hand.
 */
export interface RouteOptions<S extends z.ZodType | undefined> {
  access: AccessRule | StaffPage;
  input?: S;
}

export interface RouteArgs<I> {
  staff: Staff;
  input: I;
  context: ServerContext;
  request: NextRequest;
}

export function staffRoute<S extends z.ZodType | undefined, R>(
  options: RouteOptions<S>,
  handler: (args: RouteArgs<S extends z.ZodType ? z.infer<S> : undefined>) => Promise<R>,
) {
  return async (request: NextRequest): Promise<Response> => {
    try {
      const staff = await requireStaff(options.access);
      if (request.method !== "GET" && request.method !== "HEAD") {
        assertSameOriginJsonWrite(request.headers, getServerContext().config.howdah.publicUrl);
      }
      const input = options.input ? await parseInput(request, options.input) : undefined;
      const result = await handler({ staff, input: input as never, context: getServerContext(), request });
      return result instanceof Response
        ? result
        : NextResponse.json(result, { headers: { "cache-control": "no-store" } });
    } catch (error) {
      return errorResponse(error);
    }
  };
}

async function parseInput(request: NextRequest, schema: z.ZodType): Promise<unknown> {
  let raw: unknown;
  if (request.method === "GET" || request.method === "HEAD") {
    raw = Object.fromEntries(request.nextUrl.searchParams.entries());
  } else {
    raw = await request.json().catch(() => {
      throw new HowdahError("bad_request", "The request body is not valid JSON.");
    });
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join(".")}: ` : "";
    throw new HowdahError("bad_request", `${where}${issue?.message ?? "invalid input"}`);
  }
  return parsed.data;
}

export function errorResponse(error: unknown): Response {
  const mapped = asServiceError("PostgreSQL", error);
  if (isHowdahError(mapped)) {
    return NextResponse.json({ error: { code: mapped.code, message: mapped.message } }, { status: mapped.status });
  }
  console.error("[howdah] unexpected error", error);
  return NextResponse.json(
    { error: { code: "internal", message: "Something went wrong on Howdah's side; the details are in its log." } },
    { status: 500 },
  );
}
