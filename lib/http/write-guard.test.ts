import { describe, expect, it } from "vitest";
import { HowdahError } from "@/lib/errors";
import { assertSameOriginJsonWrite } from "./write-guard";

const PUBLIC_URL = "https://admin.example.social";

function refusal(headers: Record<string, string>): { status: number; message: string } | null {
  try {
    assertSameOriginJsonWrite(new Headers(headers), PUBLIC_URL);
    return null;
  } catch (error) {
    if (!(error instanceof HowdahError)) throw error;
    return { status: error.status, message: error.message };
  }
}

describe("the same-origin JSON guard on writes", () => {
  it("lets Howdah's own pages write JSON", () => {
    expect(refusal({ "content-type": "application/json", "sec-fetch-site": "same-origin" })).toBeNull();
    expect(refusal({ "content-type": "application/json; charset=utf-8", origin: PUBLIC_URL })).toBeNull();
    // No browser said anything: not something a forged page can send.
    expect(refusal({ "content-type": "application/json" })).toBeNull();
  });

  it("refuses what an HTML form or a no-cors fetch can send: any other body type", () => {
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", ""]) {
      expect(refusal({ "content-type": type, "sec-fetch-site": "same-origin" })?.status, type).toBe(415);
    }
    expect(refusal({ "content-type": "application/jsonp" })?.status).toBe(415);
  });

  it("refuses JSON from another origin, even of the same site", () => {
    expect(refusal({ "content-type": "application/json", "sec-fetch-site": "same-site" })?.status).toBe(403);
    expect(refusal({ "content-type": "application/json", "sec-fetch-site": "cross-site" })?.status).toBe(403);
    const other = refusal({ "content-type": "application/json", origin: "https://forum.example.social" });
    expect(other?.status).toBe(403);
    expect(other?.message).toContain("https://forum.example.social");
    // The browser's Sec-Fetch-Site is believed over a matching Origin.
    expect(refusal({ "content-type": "application/json", origin: PUBLIC_URL, "sec-fetch-site": "same-site" })).toEqual(
      expect.objectContaining({ status: 403 }),
    );
  });
});
