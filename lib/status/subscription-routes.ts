import "server-only";
import { HowdahError } from "@/lib/errors";
import type { ServerContext } from "@/lib/server/context";
import { buttonPage, messagePage, subscribePage } from "./render/subscribe-pages";
import { confirmSubscription, requestSubscription, subscribeInput, unsubscribe } from "./subscriptions";

/**
 * The public subscription routes' answers (app/status/subscribe…): HTML
 * pages for people, form posts in, a clear sentence for every refusal.
 */
const html = (body: string, status = 200) =>
  new Response(body, {
    status,
    headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" },
  });

const STATUS: Record<string, number> = { bad_request: 400, not_found: 404, unavailable: 503 };

async function formOf(request: Request): Promise<Record<string, string>> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)/i.test(type)) return {};
  const form = await request.formData();
  return Object.fromEntries([...form.entries()].map(([k, v]) => [k, String(v)]));
}

const domainOf = (context: ServerContext) => context.config.mastodon.localDomain;

export function subscribeForm(context: ServerContext, request: Request): Response {
  const sent = new URL(request.url).searchParams.get("sent") === "1";
  const message = sent
    ? "Check your inbox: we sent a mail with a link to confirm. Nothing is sent until you follow it."
    : null;
  return html(subscribePage(domainOf(context), message, context.config.mastodon.smtp !== null));
}

export async function subscribePost(context: ServerContext, request: Request): Promise<Response> {
  const available = context.config.mastodon.smtp !== null;
  const parsed = subscribeInput.safeParse(await formOf(request));
  if (!parsed.success) {
    return html(subscribePage(domainOf(context), parsed.error.issues[0]!.message, available), 400);
  }
  try {
    await requestSubscription(context, parsed.data.email);
  } catch (error) {
    if (!(error instanceof HowdahError)) throw error;
    return html(subscribePage(domainOf(context), error.message, available), STATUS[error.code] ?? 500);
  }
  return new Response(null, { status: 303, headers: { location: "/status/subscribe?sent=1" } });
}

function linkParams(params: URLSearchParams | Record<string, string>) {
  const get = (k: string) => (params instanceof URLSearchParams ? params.get(k) : params[k]) ?? "";
  return { id: get("id"), token: get("token") };
}

export function confirmForm(context: ServerContext, request: Request): Response {
  const { id, token } = linkParams(new URL(request.url).searchParams);
  return html(
    buttonPage(
      domainOf(context),
      "Confirm status updates",
      `Confirm that you want a mail when ${domainOf(context)} has an incident or planned maintenance.`,
      "/status/subscribe/confirm",
      { id, token },
      "Yes, send me updates",
    ),
  );
}

export function unsubscribeForm(context: ServerContext, request: Request): Response {
  const { id, token } = linkParams(new URL(request.url).searchParams);
  return html(
    buttonPage(
      domainOf(context),
      "Stop status updates",
      "Stop the status update mails to this address?",
      "/status/unsubscribe",
      { id, token },
      "Unsubscribe",
    ),
  );
}

async function linkAction(
  context: ServerContext,
  request: Request,
  act: (id: string, token: string) => Promise<void>,
  done: [string, string],
): Promise<Response> {
  // One-click unsubscribe (RFC 8058) posts to the link itself: id and token are in its query string.
  const query = linkParams(new URL(request.url).searchParams);
  const form = linkParams(await formOf(request));
  const { id, token } = form.id ? form : query;
  try {
    await act(id, token);
  } catch (error) {
    if (!(error instanceof HowdahError)) throw error;
    return html(messagePage(domainOf(context), done[0], error.message), STATUS[error.code] ?? 500);
  }
  return html(messagePage(domainOf(context), done[0], done[1]));
}

export const confirmPost = (context: ServerContext, request: Request) =>
  linkAction(context, request, (id, token) => confirmSubscription(context, id, token), [
    "Confirm status updates",
    "Confirmed: you will get a mail with each incident and maintenance update.",
  ]);

export const unsubscribePost = (context: ServerContext, request: Request) =>
  linkAction(context, request, (id, token) => unsubscribe(context, id, token), [
    "Stop status updates",
    "Unsubscribed: no more status mails will be sent to this address.",
  ]);
