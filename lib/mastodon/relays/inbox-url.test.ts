import { describe, expect, it } from "vitest";
import { followActivity, generateActivityUri, instanceActorUri, undoFollowActivity } from "./activities";
import { comparableInboxUrl, parseInboxUrl, trackerHost } from "./inbox-url";

describe("parseInboxUrl", () => {
  it("normalises what Mastodon would store stripped: case, default port, IDN, fragment", () => {
    expect(parseInboxUrl("  https://Relay.Example.ORG:443/inbox  ")).toEqual({
      url: "https://relay.example.org/inbox",
      host: "relay.example.org",
    });
    expect(parseInboxUrl("https://relay.example.org:8443/inbox#x")).toEqual({
      url: "https://relay.example.org:8443/inbox",
      host: "relay.example.org",
    });
    expect(parseInboxUrl("https://rélay.example/inbox").host).toBe("xn--rlay-bpa.example");
    expect(parseInboxUrl("https://relay.example.org./inbox").host).toBe("relay.example.org");
    expect(parseInboxUrl("https://relay.example.org/inbox?token=1").url).toBe(
      "https://relay.example.org/inbox?token=1",
    );
  });

  it.each([
    ["", /Enter the relay's inbox URL/],
    ["http://relay.example.org/inbox", /must start with https:\/\//],
    ["ftp://relay.example.org/inbox", /https:\/\/ address/],
    ["relay.example.org/inbox", /is not a URL/],
    ["https://relay example.org/inbox", /spaces/],
    ["https://user:pw@relay.example.org/inbox", /user name or password/],
    ["https://user@relay.example.org/inbox", /user name or password/],
    ["https://localhost/inbox", /full host name/],
  ])("refuses %j", (input, message) => {
    expect(() => parseInboxUrl(input)).toThrow(message);
  });

  it("refuses this server's own domains", () => {
    expect(() => parseInboxUrl("https://social.example/inbox", ["social.example", "www.social.example"])).toThrow(
      /this server itself/,
    );
  });

  it("compares stored rows Mastodon did not normalise, and finds the tracker's host", () => {
    expect(comparableInboxUrl(" HTTPS://RELAY.example.org/inbox ")).toBe("https://relay.example.org/inbox");
    expect(comparableInboxUrl("not a url")).toBe("not a url");
    expect(trackerHost("https://Relay.Example.org:8443/inbox")).toBe("relay.example.org");
    expect(trackerHost("nonsense")).toBeNull();
  });
});

describe("relay activities", () => {
  it("builds the Follow exactly as Relay#enable! serialises it", () => {
    const id = "https://social.example/0b6f5e3a-1c2d-4e5f-8a9b-0c1d2e3f4a5b";
    expect(followActivity("social.example", id).json).toBe(
      `{"@context":"https://www.w3.org/ns/activitystreams","id":"${id}","type":"Follow","actor":"https://social.example/actor","object":"https://www.w3.org/ns/activitystreams#Public"}`,
    );
  });

  it("builds the Undo with the Follow it undoes (or null), as Relay#disable! does", () => {
    const undo = undoFollowActivity("social.example", "https://social.example/f", "https://social.example/u");
    expect(undo.json).toBe(
      '{"@context":"https://www.w3.org/ns/activitystreams","id":"https://social.example/u","type":"Undo","actor":"https://social.example/actor","object":{"id":"https://social.example/f","type":"Follow","actor":"https://social.example/actor","object":"https://www.w3.org/ns/activitystreams#Public"}}',
    );
    expect(JSON.parse(undoFollowActivity("social.example", null).json).object.id).toBeNull();
  });

  it("makes ids as generate_uri_for does: the uuid replaces 'payloads' under WEB_DOMAIN", () => {
    expect(generateActivityUri("www.social.example")).toMatch(
      /^https:\/\/www\.social\.example\/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(instanceActorUri("www.social.example")).toBe("https://www.social.example/actor");
  });
});
