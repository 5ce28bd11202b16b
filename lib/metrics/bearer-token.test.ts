import { describe, expect, it } from "vitest";
import { bearerTokenMatches } from "./bearer-token";

const TOKEN = "metrics-token-0123456789";

describe("bearerTokenMatches", () => {
  it("accepts the token in the Bearer scheme only", () => {
    expect(bearerTokenMatches(`Bearer ${TOKEN}`, TOKEN)).toBe(true);
    expect(bearerTokenMatches(`bearer ${TOKEN}`, TOKEN)).toBe(true);
    expect(bearerTokenMatches(TOKEN, TOKEN)).toBe(false);
    expect(bearerTokenMatches(`Basic ${TOKEN}`, TOKEN)).toBe(false);
    expect(bearerTokenMatches(`Bearer ${TOKEN} extra`, TOKEN)).toBe(false);
    expect(bearerTokenMatches(`Bearer ${TOKEN}x`, TOKEN)).toBe(false);
    expect(bearerTokenMatches(null, TOKEN)).toBe(false);
  });
});
