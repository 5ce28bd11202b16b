import { expect } from "vitest";
import type { ServerContext } from "@/lib/server/context";
import { answerStatus, type PublicAnswerKind } from "@/lib/status/public-responses";

/**
 * The text of one public status answer (page, JSON or feed) as a plain GET
 * with no conditional or compression headers would get it; the answer must
 * be a 200. Shared by the status tests so they read the page the same way.
 */
export async function answerText(context: ServerContext, kind: PublicAnswerKind): Promise<string> {
  const answer = await answerStatus(context, kind, { method: "GET", acceptEncoding: null, ifNoneMatch: null });
  expect(answer.status).toBe(200);
  return answer.body!.toString("utf8");
}
