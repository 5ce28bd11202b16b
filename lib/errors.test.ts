import { describe, expect, it } from "vitest";
import { HowdahError, isHowdahError } from "./errors";

describe("HowdahError", () => {
  it("is recognised across copies of the module, as under npm start's two bundles", async () => {
    const copy = (await import("./errors?another-copy" as string)) as typeof import("./errors");
    const foreign = new copy.HowdahError("not_found", "gone");
    expect(copy.HowdahError).not.toBe(HowdahError);
    expect(foreign instanceof HowdahError).toBe(true);
    expect(isHowdahError(foreign)).toBe(true);
    expect(new Error("plain") instanceof HowdahError).toBe(false);
    expect(isHowdahError({ code: "not_found", message: "look-alike" })).toBe(false);
  });
});
