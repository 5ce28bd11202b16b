import "server-only";
import { esc } from "./html";
import { STATUS_CSS } from "./styles";

/**
 * The small pages of e-mail subscriptions (ask, confirm, unsubscribe): plain
 * HTML forms in the status page's style, complete without script. Confirming
 * and unsubscribing are a button (a POST), never the link itself, so a mail
 * scanner that opens links cannot confirm or unsubscribe anyone.
 */
const FORM_CSS =
  "form{display:flex;flex-wrap:wrap;gap:.75rem;align-items:flex-end;margin:1rem 0}" +
  "label{display:flex;flex-direction:column;gap:.25rem;font-weight:600;flex:1 1 16rem}" +
  "input[type=email]{font:inherit;font-size:16px;min-height:44px;padding:.5rem .75rem;border:1px solid var(--line);" +
  "border-radius:.5rem;background:var(--surface);color:var(--ink)}" +
  "button{font:inherit;font-weight:600;min-height:44px;padding:.5rem 1rem;border:0;border-radius:.5rem;" +
  "background:var(--brand);color:var(--surface);cursor:pointer}" +
  ".note{padding:.75rem 1rem;border-radius:.5rem;border:1px solid var(--line);background:var(--surface)}" +
  "a.back{display:inline-flex;min-height:44px;align-items:center}";

function shell(domain: string, title: string, body: string): string {
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" ` +
    `content="width=device-width,initial-scale=1"><meta name="robots" content="noindex">` +
    `<title>${esc(`${title} · ${domain}`)}</title><style>${STATUS_CSS}${FORM_CSS}</style></head><body><main>` +
    `<header><p class="site">${esc(domain)}</p><h1>${esc(title)}</h1></header>${body}` +
    `<p><a class="back" href="/status">Back to the status page</a></p></main></body></html>`
  );
}

const note = (text: string) => `<p class="note" role="status">${esc(text)}</p>`;

export function subscribePage(domain: string, message: string | null, available: boolean): string {
  const form = available
    ? `<form method="post" action="/status/subscribe"><label>E-mail address` +
      `<input type="email" name="email" autocomplete="email" required></label>` +
      `<button type="submit">Send me updates</button></form>`
    : "";
  return shell(
    domain,
    "Status updates by e-mail",
    `<p>Get a mail when ${esc(domain)} has an incident or planned maintenance, and with each update. ` +
      `You will first get a mail to confirm; every mail has a link to stop them.</p>` +
      (message ? note(message) : "") +
      (available ? form : note("Updates by e-mail are not available on this server (it has no mail settings).")),
  );
}

/** A page with one button that POSTs `fields` to `action`, or, once done, what happened. */
export function buttonPage(
  domain: string,
  title: string,
  text: string,
  action: string,
  fields: Record<string, string>,
  button: string,
): string {
  const hidden = Object.entries(fields)
    .map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`)
    .join("");
  return shell(
    domain,
    title,
    `<p>${esc(text)}</p><form method="post" action="${esc(action)}">${hidden}` +
      `<button type="submit">${esc(button)}</button></form>`,
  );
}

export function messagePage(domain: string, title: string, message: string): string {
  return shell(domain, title, note(message));
}
