/**
 * One name per figure, and what it counts, for every card that shows it
 * (issue 11, point 4): a label never means two numbers, and two numbers never
 * share a label. The features compute each figure once (lib/storage/figures,
 * lib/queues/summary); the components take the label and its explanation
 * from here.
 */
export interface FigureLabel {
  label: string;
  /** What exactly is counted, in a sentence (a hint under the figure or a title). */
  counts: string;
}

export const FIGURES = {
  mediaStored: {
    label: "Media stored",
    counts:
      "Every stored file Mastodon records a size for: attachments, avatars, headers, emoji, link previews, " +
      "user archives and site uploads (tootctl media usage).",
  },
  mediaFromOtherServers: {
    label: "from other servers",
    counts: "Files of remote accounts (attachments, avatars, headers, emoji) and link preview images.",
  },
  mediaCache: {
    label: "Remote media cache",
    counts: "Remote attachments and link preview images: what Mastodon's media cache retention clears.",
  },
  cacheArrivingPerDay: {
    label: "Remote media cache, arriving per day",
    counts: "Average bytes of remote attachments and link previews that arrived per day.",
  },
  forecastRate: {
    label: "Growth rate used by the forecast",
    counts:
      "Bytes a day, net of what Mastodon clears, from Howdah's daily snapshots or, before there are enough, " +
      "from the media that stays.",
  },
  activeUsers30d: {
    label: "Active users, 30 days",
    counts: "Signed in or came back in the last 30 UTC days: Mastodon's login tracker, as its dashboard counts.",
  },
  jobsWaiting: {
    label: "Jobs waiting",
    counts: "Jobs in all queues, not counting scheduled jobs and retries (Sidekiq's Enqueued).",
  },
} as const satisfies Record<string, FigureLabel>;

const RANGE_WORDS: Record<number, string> = { 7: "7 days", 30: "30 days", 90: "90 days", 365: "year" };
const rangeWords = (days: number) => RANGE_WORDS[days] ?? `${days} days`;

/** "Added, last 30 days": bytes of files that arrived, every kind, user archives included. */
export const addedLabel = (days: number): FigureLabel => ({
  label: `Added, last ${rangeWords(days)}`,
  counts:
    `Bytes of the files that arrived in the last ${rangeWords(days)} (UTC days, today included), every kind, ` +
    "user archives included.",
});

/** "Net growth, last 30 days": what is held now minus what was held before the range (after evictions). */
export const netGrowthLabel = (days: number): FigureLabel & { pending: string } => ({
  pending: "needs Howdah's snapshot from the day before the range",
  label: `Net growth, last ${rangeWords(days)}`,
  counts:
    "Held at the end of today minus held at the end of the day before the range, from Howdah's daily snapshots: " +
    "additions minus what Mastodon cleared.",
});
