import { Card } from "@/components/ui/card";

/**
 * How the traffic figures are counted, and where the relay estimate is
 * known to be wrong. Mastodon records nothing about where a post came from,
 * so relay traffic can only be estimated (facts §8).
 */
export function MethodNotes({ mastodonLogsRelayActions }: { mastodonLogsRelayActions: boolean }) {
  return (
    <Card title="How these figures are counted">
      <div className="space-y-3 text-sm">
        <p>
          Mastodon does not record which relay, if any, delivered a post. Howdah&apos;s worker counts every remote post
          by the hour it <em>arrived</em>: a post&apos;s id carries the time Mastodon stored it, which for pushed posts
          is when it came in (its &ldquo;published&rdquo; time can be much earlier). Boosts are counted apart and left
          out of every other figure; posts deleted since they arrived still count. Hours are UTC; charts show your local
          time.
        </p>
        <ul className="list-disc space-y-1 pl-5">
          <li>
            <strong>Followed</strong>: a local account follows the author at the time the hour was counted (not at
            arrival: Mastodon keeps no follow history).
          </li>
          <li>
            <strong>Relay estimate</strong>: no local account follows the author, and the post neither mentions nor
            replies to a local account, which is what Mastodon only accepts when a relay delivers it.
          </li>
          <li>
            <strong>Other</strong>: everything else, mostly posts that mention or answer someone here.
          </li>
          <li>
            <strong>Media bytes</strong>: file and thumbnail sizes of the posts&apos; attachments as Mastodon records
            them when the hour is counted; resized copies are not recorded.
          </li>
        </ul>
        <div className="grid gap-3 md:grid-cols-2">
          <div>
            <h3 className="font-medium">The estimate counts too much when</h3>
            <ul className="mt-1 list-disc space-y-1 pl-5">
              <li>
                Mastodon fetched posts itself: thread and reply backfill, search, quoted or boosted originals. These get
                ids from their publish time, so they mostly land in past hours.
              </li>
              <li>
                a local user followed the author when the post arrived but has unfollowed since the hour was counted
                again.
              </li>
            </ul>
          </div>
          <div>
            <h3 className="font-medium">and too little when</h3>
            <ul className="mt-1 list-disc space-y-1 pl-5">
              <li>a relay delivers a post by someone a local user also follows: it counts as followed.</li>
              <li>someone here started following the author after the post arrived.</li>
              <li>
                posts arrive in an hour already counted for good (the worker re-reads only the last 15 minutes&apos;
                hour); deletions and media evictions after that are not subtracted.
              </li>
            </ul>
          </div>
        </div>
        <p className="text-muted">
          The chart markers come from Mastodon&apos;s audit log
          {mastodonLogsRelayActions
            ? ""
            : " (Mastodon 4.3 does not log relay actions, so only changes made through Howdah, " +
              "and the date each relay was added, are marked)"}{" "}
          and Howdah&apos;s own. Enabling sends a Follow; posts only flow once the relay accepts it.
        </p>
      </div>
    </Card>
  );
}
