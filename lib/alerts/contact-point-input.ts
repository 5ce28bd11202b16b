import "server-only";
import { z } from "zod";

/**
 * Where alerts go (Grafana's "contact points"): e-mail through Mastodon's own
 * SMTP settings, a generic JSON webhook, Slack- and Discord-compatible
 * incoming webhooks, an ntfy topic, a Matrix room. Parsed before anything is
 * stored or sent, so a bad address changes nothing; messages start in lower
 * case (lib/http/route.ts puts the field in front).
 */
const name = z
  .string({ error: "give it a name staff recognise." })
  .trim()
  .min(1, "give it a name staff recognise.")
  .max(100, "keep the name under 100 characters.");

export const httpUrl = z
  .string({ error: "give the address, starting with https:// (or http://)." })
  .trim()
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === "https:" || url.protocol === "http:") && url.hostname !== "";
    } catch {
      return false;
    }
  }, "give the address, starting with https:// (or http://).");

const addresses = z
  .array(z.email({ error: "one of the addresses is not an e-mail address." }))
  .min(1, "give at least one address.")
  .max(20, "send to at most 20 addresses.");

export const contactPointInput = z.discriminatedUnion(
  "kind",
  [
    z.object({ kind: z.literal("email"), name, to: addresses }),
    z.object({ kind: z.literal("webhook"), name, url: httpUrl }),
    z.object({ kind: z.literal("slack"), name, url: httpUrl }),
    z.object({ kind: z.literal("discord"), name, url: httpUrl }),
    z.object({
      kind: z.literal("ntfy"),
      name,
      /** The topic's address, e.g. https://ntfy.sh/my-server-alerts. */
      url: httpUrl.refine((u) => new URL(u).pathname.replace(/\/+$/, "").length > 1, {
        message: "give the topic's address, e.g. https://ntfy.sh/my-alerts.",
      }),
      token: z.string().trim().max(500).optional(),
    }),
    z.object({
      kind: z.literal("matrix"),
      name,
      homeserver: httpUrl,
      roomId: z
        .string({ error: "give the room's id, like !abc123:example.org." })
        .trim()
        .regex(/^![^:\s]+:\S+$/, "give the room's id, like !abc123:example.org."),
      accessToken: z.string({ error: "give the bot account's access token." }).trim().min(1).max(1000),
    }),
  ],
  { error: "pick where alerts go: email, webhook, slack, discord, ntfy or matrix." },
);
export type ContactPointInput = z.infer<typeof contactPointInput>;
export type ContactPointKind = ContactPointInput["kind"];
