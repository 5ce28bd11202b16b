import type { StorageKind } from "@/lib/mastodon/media/sources";

/**
 * How each kind of stored file is named on Howdah's pages, in the order
 * `tootctl media usage` prints them, and which of them Mastodon splits into
 * local and remote (tootctl prints no Local column for the others).
 */
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
