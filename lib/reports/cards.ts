import "server-only";
import type { AccountRef, QueueCardRow, ReportCategory, ReportPost } from "@/lib/mastodon/reports/area";
import { renderPostHtml } from "./sanitize-post";

/**
 * What the browser gets of a report: plain fields, rule texts instead of ids,
 * and posts as sanitized HTML (never the stored HTML: see sanitize-post.ts).
 */
export interface ShownPost {
  id: string;
  /** Sanitized: safe to insert as HTML. */
  html: string;
  spoilerText: string;
  sensitive: boolean;
  /** The post's public page (its url, else its ActivityPub id) when that is an http(s) address. */
  link: string | null;
  createdAt: string;
  deletedAt: string | null;
  media: { id: string; type: string; description: string | null; link: string | null }[];
}

export interface QueueCard {
  id: string;
  category: ReportCategory;
  comment: string;
  rules: string[];
  forwarded: boolean | null;
  postCount: number;
  createdAt: string;
  reporter: AccountRef;
  target: AccountRef & { createdAt: string; suspendedAt: string | null; silencedAt: string | null };
  assignee: AccountRef | null;
  resolvedAt: string | null;
  resolvedBy: AccountRef | null;
  earlierReports: number;
  strikes: number;
  firstPost: ShownPost | null;
}

/** An http(s) address or null: a post's url and media addresses come from other servers. */
export function httpLink(value: string | null | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
  } catch {
    return null;
  }
}

export function showPost(post: ReportPost): ShownPost {
  const link = httpLink(post.url) ?? httpLink(post.uri);
  return {
    id: post.id,
    html: renderPostHtml(post),
    spoilerText: post.spoilerText,
    sensitive: post.sensitive,
    link,
    createdAt: post.createdAt,
    deletedAt: post.deletedAt,
    // Local uploads have no remote address; they are reached through the post's own page.
    media: post.media.map((m) => ({
      id: m.id,
      type: m.type,
      description: m.description,
      link: httpLink(m.remoteUrl) ?? link,
    })),
  };
}

export function ruleTexts(ids: string[], texts: Map<string, string>): string[] {
  return ids.map((id) => texts.get(id) ?? `Rule ${id} (no longer exists)`);
}

export function shapeCard(row: QueueCardRow, texts: Map<string, string>): QueueCard {
  return {
    id: row.id,
    category: row.category,
    comment: row.comment,
    rules: ruleTexts(row.ruleIds, texts),
    forwarded: row.forwarded,
    postCount: row.statusCount,
    createdAt: row.createdAt,
    reporter: row.reporter,
    target: row.target,
    assignee: row.assignee,
    resolvedAt: row.resolvedAt,
    resolvedBy: row.resolvedBy,
    earlierReports: row.earlierReports,
    strikes: row.strikes,
    firstPost: row.firstPost ? showPost(row.firstPost) : null,
  };
}
