import "server-only";

// TEMPORARY: Sidekiq access now lives in the gateway's Sidekiq area
// (context.mastodon.sidekiq). lib/relays/live-load.ts is the last importer of
// this module; the relays move drops that import, and this file is then deleted.
export { withSidekiq } from "@/lib/mastodon/sidekiq/outage";
