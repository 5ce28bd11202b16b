/**
 * The kinds of stored files Howdah counts, as Mastodon's `tootctl media
 * usage` and space_usage group them, how each is named on Howdah's pages (in
 * the order tootctl prints them), and which of them Mastodon splits into
 * local and remote (tootctl prints no Local column for the others).
 */
export type StorageKind =
  "attachments" | "avatars" | "headers" | "emoji" | "preview_cards" | "backups" | "site_uploads" | "imports";
export type Origin = "local" | "remote";

export const STORAGE_KINDS: StorageKind[] = [
  "attachments",
  "avatars",
  "headers",
  "emoji",
  "preview_cards",
  "backups",
  "site_uploads",
  "imports",
];

/** The kinds a remote server is ranked by (what a domain's accounts bring). */
export const DOMAIN_KINDS: StorageKind[] = ["attachments", "avatars", "headers", "emoji"];

export const KIND_LABELS: Record<StorageKind, string> = {
  attachments: "Media attachments",
  emoji: "Custom emoji",
  avatars: "Avatars",
  headers: "Headers",
  preview_cards: "Link preview images",
  backups: "User archives",
  imports: "Imports (4.3)",
  site_uploads: "Site uploads",
};

export const KIND_ORDER: StorageKind[] = [
  "attachments",
  "emoji",
  "avatars",
  "headers",
  "preview_cards",
  "backups",
  "imports",
  "site_uploads",
];

export const KINDS_WITH_LOCAL: StorageKind[] = ["attachments", "emoji", "avatars", "headers"];
