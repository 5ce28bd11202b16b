/** The report views' buttons: 44 px tall everywhere, since moderators triage with a thumb. */
export const BUTTON =
  "inline-flex min-h-11 min-w-11 items-center justify-center rounded-md px-4 text-sm font-medium disabled:opacity-50";
export const PRIMARY = `${BUTTON} bg-brand text-on-brand`;
export const SECONDARY = `${BUTTON} border border-line bg-surface hover:bg-canvas`;
export const SELECT = "min-h-11 w-full rounded-md border border-line bg-surface px-3 text-base sm:text-sm";
export const BADGE = "inline-block rounded bg-canvas px-2 py-0.5 text-sm text-muted";
/**
 * Post HTML (sanitized): links look like links (and are a thumb's size on phones), paragraphs keep their
 * spacing, long words wrap.
 */
export const POST_BODY =
  "space-y-2 break-words text-sm [&_a]:text-brand [&_a]:underline [&_blockquote]:border-l-2 " +
  "[&_a]:inline-flex [&_a]:min-h-11 [&_a]:min-w-11 [&_a]:items-center [&_a]:break-all " +
  "md:[&_a]:inline md:[&_a]:min-h-0 md:[&_a]:min-w-0 " +
  "[&_blockquote]:border-line [&_blockquote]:pl-3 [&_ol]:list-decimal [&_ol]:pl-5 [&_ul]:list-disc [&_ul]:pl-5 " +
  "[&_.invisible]:hidden [&_.ellipsis]:after:content-['…']";
