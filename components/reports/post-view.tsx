"use client";

import { useState } from "react";
import { DateTime } from "@/components/ui/date-time";
import type { ShownPost } from "@/lib/reports/cards";
import { POST_BODY, SECONDARY } from "./styles";

/**
 * A reported post. Its HTML was sanitized on the server (lib/reports/
 * sanitize-post.ts). A content warning hides the text until opened, as
 * Mastodon does; media are never embedded: they are listed as links to
 * their originals, and for a sensitive post that list stays behind a blurred
 * cover until tapped.
 */
export function PostView({ post, compact = false }: { post: ShownPost; compact?: boolean }) {
  const [open, setOpen] = useState(post.spoilerText === "");
  const [mediaShown, setMediaShown] = useState(!post.sensitive);
  return (
    <article className="min-w-0 rounded-md border border-line bg-canvas p-3" aria-label="Reported post">
      <p className="mb-1 flex flex-wrap items-center gap-x-2 text-sm text-muted">
        <DateTime at={post.createdAt} />
        {post.deletedAt ? <span className="font-medium text-bad">deleted</span> : null}
        {post.link ? (
          <a
            href={post.link}
            target="_blank"
            rel="nofollow noopener noreferrer"
            className="inline-flex min-h-11 min-w-11 items-center text-brand underline md:min-h-0 md:min-w-0"
            aria-label={`Original of post ${post.id}`}
          >
            Original
          </a>
        ) : null}
      </p>
      {post.spoilerText ? (
        <div className="mb-2 flex flex-wrap items-center gap-2">
          <p className="break-words text-sm font-medium">CW: {post.spoilerText}</p>
          <button
            type="button"
            className={SECONDARY}
            aria-expanded={open}
            aria-label={`${open ? "Hide text" : "Show text"} of post ${post.id}`}
            onClick={() => setOpen(!open)}
          >
            {open ? "Hide text" : "Show text"}
          </button>
        </div>
      ) : null}
      {open ? (
        <div
          className={`${POST_BODY} ${compact ? "line-clamp-4" : ""}`}
          // Sanitized on the server to Mastodon's safe subset; links open apart from this page.
          dangerouslySetInnerHTML={{ __html: post.html }}
        />
      ) : null}
      {post.media.length > 0 ? (
        <div className="mt-2">
          {mediaShown ? (
            <ul className="space-y-1 text-sm" aria-label="Media">
              {post.media.map((m, i) => (
                <li key={m.id} className="break-words">
                  {m.link ? (
                    <a
                      href={m.link}
                      target="_blank"
                      rel="nofollow noopener noreferrer"
                      className="inline-flex min-h-11 min-w-11 items-center text-brand underline md:min-h-0 md:min-w-0"
                      aria-label={`${mediaName(m.type)} ${i + 1} of post ${post.id}`}
                    >
                      {mediaName(m.type)}
                    </a>
                  ) : (
                    mediaName(m.type)
                  )}
                  {m.description ? <span className="text-muted"> — {m.description}</span> : null}
                </li>
              ))}
            </ul>
          ) : (
            <button
              type="button"
              onClick={() => setMediaShown(true)}
              className={
                "flex min-h-16 w-full items-center justify-center rounded-md border border-dashed border-line " +
                "bg-line/60 text-sm font-medium"
              }
            >
              <span className="rounded bg-surface px-2 py-1">
                Sensitive media ({post.media.length}) — tap to show the links
              </span>
            </button>
          )}
        </div>
      ) : null}
    </article>
  );
}

function mediaName(type: string): string {
  return { image: "Image", gifv: "GIF", video: "Video", audio: "Audio" }[type] ?? "Attachment";
}
