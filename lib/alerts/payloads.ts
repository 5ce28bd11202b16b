import "server-only";
import type { ContactPointInput } from "./contact-point-input";
import { headline, plainText, type AlertNotification } from "./notification";

/**
 * The HTTP request each kind of contact point expects (e-mail is sent by
 * send.ts): the formats documented by each service for incoming messages.
 * - webhook: Howdah's own JSON (version 1), every field of the notification;
 * - Slack: an incoming webhook's {"text"} (Mattermost and Rocket.Chat take it too);
 * - Discord: a webhook's {"content"} (at most 2,000 characters), mentions off;
 * - ntfy: a JSON publish to the server's root ({"topic", "title", "message",
 *   "priority", "tags"}), so titles need no header encoding; a token goes in
 *   Authorization;
 * - Matrix: PUT an m.room.message event into the room with the bot's token;
 *   the transaction id is fixed per notification, so a retry after a lost
 *   answer does not post twice.
 */
export interface HttpDelivery {
  method: "POST" | "PUT";
  url: string;
  headers: Record<string, string>;
  body: string;
}

const JSON_TYPE = { "content-type": "application/json" };
const PRIORITY = { critical: 5, warning: 4 } as const;

export function httpDelivery(point: Exclude<ContactPointInput, { kind: "email" }>, n: AlertNotification): HttpDelivery {
  const title = headline(n);
  const text = plainText(n);
  switch (point.kind) {
    case "webhook":
      return {
        method: "POST",
        url: point.url,
        headers: JSON_TYPE,
        body: JSON.stringify({ version: 1, ...n, headline: title }),
      };
    case "slack":
      return {
        method: "POST",
        url: point.url,
        headers: JSON_TYPE,
        body: JSON.stringify({ text: `*${title}*\n${text}` }),
      };
    case "discord":
      return {
        method: "POST",
        url: point.url,
        headers: JSON_TYPE,
        body: JSON.stringify({ content: `**${title}**\n${text}`.slice(0, 2000), allowed_mentions: { parse: [] } }),
      };
    case "ntfy": {
      const url = new URL(point.url);
      const parts = url.pathname.replace(/\/+$/, "").split("/");
      const topic = parts.pop()!;
      url.pathname = `${parts.join("/")}/`;
      return {
        method: "POST",
        url: url.toString(),
        headers: { ...JSON_TYPE, ...(point.token ? { authorization: `Bearer ${point.token}` } : {}) },
        body: JSON.stringify({
          topic,
          title,
          message: text,
          priority: n.status === "firing" ? PRIORITY[n.severity] : 3,
          tags: [n.status === "resolved" ? "white_check_mark" : n.status === "test" ? "test_tube" : "rotating_light"],
        }),
      };
    }
    case "matrix": {
      const base = point.homeserver.replace(/\/+$/, "");
      const txn = encodeURIComponent(`howdah-${n.status}-${n.alertId}-${Date.parse(n.at)}`);
      return {
        method: "PUT",
        url: `${base}/_matrix/client/v3/rooms/${encodeURIComponent(point.roomId)}/send/m.room.message/${txn}`,
        headers: { ...JSON_TYPE, authorization: `Bearer ${point.accessToken}` },
        body: JSON.stringify({ msgtype: "m.text", body: `${title}\n${text}` }),
      };
    }
  }
}
