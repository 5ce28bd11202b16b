import "server-only";
import sanitizeHtml from "sanitize-html";

/**
 * Reported posts are hostile input: whoever wrote them may have written HTML
 * aimed at the moderator reading them. Remote posts are HTML from another
 * server; Mastodon keeps only a small safe subset of it (Sanitize::Config
 * MASTODON_STRICT: paragraphs, line breaks, spans, links, emphasis, lists,
 * quotes, code, ruby annotations). Howdah keeps the same subset, with less:
 * - links only to absolute http(s) addresses (no javascript:, data:, relative
 *   or #fragment links that could act on Howdah's own page), opened in a new
 *   tab with rel="nofollow noopener noreferrer", so the opened page can
 *   neither reach back through window.opener nor learn where it was linked from;
 * - no images, media, scripts, styles, forms, frames or event attributes
 *   (media are listed apart, as links, behind the sensitive-media guard);
 * - classes only from Mastodon's microformat and mention vocabulary, which
 *   carry no style of Howdah's own.
 * Local posts are stored as the plain text their author typed; they are
 * escaped and their bare links made into links, then go through the same filter.
 */
const ALLOWED_CLASS = /^(h|p|u|dt|e)-[a-z-]+$|^(mention|hashtag|ellipsis|invisible)$/;

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    "p",
    "br",
    "span",
    "a",
    "del",
    "s",
    "pre",
    "blockquote",
    "code",
    "b",
    "strong",
    "u",
    "i",
    "em",
    "ul",
    "ol",
    "li",
    "ruby",
    "rt",
    "rp",
  ],
  // rel and target are always the transform's own (below), never the post's.
  allowedAttributes: {
    a: ["href", "class", "rel", "target"],
    span: ["class"],
    ol: ["start", "reversed"],
    li: ["value"],
    p: [],
  },
  allowedSchemes: ["http", "https"],
  allowedSchemesAppliedToAttributes: ["href"],
  allowProtocolRelative: false,
  disallowedTagsMode: "discard",
  // Text inside these is dropped along with the tag, not kept as text.
  nonTextTags: ["style", "script", "textarea", "option", "noscript", "template", "title", "iframe", "svg", "math"],
  transformTags: {
    a: (tagName, attribs) => {
      const href = absoluteHttp(attribs.href);
      const attrs: Record<string, string> = {};
      if (href) Object.assign(attrs, { href, rel: "nofollow noopener noreferrer", target: "_blank" });
      if (attribs.class) attrs.class = keepClasses(attribs.class);
      return { tagName: href ? "a" : "span", attribs: href ? attrs : attribs.class ? { class: attrs.class! } : {} };
    },
    span: (tagName, attribs) => {
      const kept: Record<string, string> = {};
      if (attribs.class) kept.class = keepClasses(attribs.class);
      return { tagName, attribs: kept };
    },
  },
  allowedClasses: { a: ["*"], span: ["*"] },
  exclusiveFilter: (frame) => frame.tag === "a" && !frame.attribs.href && !frame.text.trim(),
};

function keepClasses(value: string): string {
  return value
    .split(/\s+/)
    .filter((c) => ALLOWED_CLASS.test(c))
    .join(" ");
}

/** The address if it is absolute http(s) and parses; anything else (relative, #, javascript:) is dropped. */
function absoluteHttp(value: string | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value.trim());
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

export function sanitizeRemoteHtml(html: string): string {
  return sanitizeHtml(html, OPTIONS);
}

const escape = (text: string) =>
  text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");

/** Local posts: the author's plain text, escaped, paragraphs and line breaks kept, bare http(s) links linked. */
export function renderLocalText(text: string): string {
  const paragraphs = text.split(/\n{2,}/).map((para) => {
    const linked = escape(para).replace(
      /\bhttps?:\/\/[^\s<]+[^\s<.,;:!?)\]'"]/g,
      (url) => `<a href="${url}">${url}</a>`,
    );
    return `<p>${linked.replaceAll("\n", "<br>")}</p>`;
  });
  return sanitizeHtml(paragraphs.join(""), OPTIONS);
}

export function renderPostHtml(post: { text: string; local: boolean }): string {
  return post.local ? renderLocalText(post.text) : sanitizeRemoteHtml(post.text);
}
