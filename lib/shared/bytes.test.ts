import { describe, expect, it } from "vitest";
import { byteAxisTicks, formatBytes, formatByteTick, formatDelta, parseSize, sizeInputText } from "./bytes";

describe("parseSize", () => {
  it.each([
    ["500 GB", 500e9],
    ["500GB", 500e9],
    ["2TiB", 2 * 2 ** 40],
    ["2 tib", 2 * 2 ** 40],
    ["1.5 TB", 1.5e12],
    ["123456789", 123456789],
    ["123,456,789 bytes", 123456789],
    ["750 G", 750e9],
    ["64 MiB", 64 * 2 ** 20],
  ])("reads %s", (input, bytes) => {
    expect(parseSize(input)).toEqual({ ok: true, bytes });
  });

  it.each([
    ["lots", /"lots" is not a size/],
    ["500 GX", /"GX" is not a unit/],
    ["-5 GB", /is not a size/],
    ["1.2.3 GB", /is not a size/],
    ["0", /more than 0 bytes/],
    ["0.0000001 KB", /more than 0 bytes/],
    ["5000 PB", /more than 1 EB/],
    ["", /is not a size/],
  ])("refuses %s with a clear message", (input, message) => {
    const parsed = parseSize(input);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toMatch(message);
  });
});

describe("formatting sizes", () => {
  it("uses binary units, labelled as such", () => {
    expect(formatBytes(0)).toBe("0 bytes");
    expect(formatBytes(1)).toBe("1 byte");
    expect(formatBytes(1536)).toBe("1.5 KiB");
    expect(formatBytes(500e9)).toBe("466 GiB");
    expect(formatDelta(-2 * 2 ** 30)).toBe("−2.0 GiB");
    expect(formatDelta(0)).toBe("±0");
  });

  it("writes a capacity back the way it can be typed", () => {
    expect(sizeInputText(500e9)).toBe("500 GB");
    expect(sizeInputText(2 * 2 ** 40)).toBe("2 TiB");
    expect(sizeInputText(123456789)).toBe("123456789");
    for (const text of ["500 GB", "2 TiB", "1.5 TB", "123456789"]) {
      const parsed = parseSize(text);
      expect(parsed.ok && parseSize(sizeInputText(parsed.bytes))).toEqual(parsed);
    }
  });
});

describe("chart axes for sizes", () => {
  it.each([
    [3.4 * 2 ** 30, ["0", "1 GiB", "2 GiB", "3 GiB", "4 GiB"]],
    [858 * 2 ** 20, ["0", "200 MiB", "400 MiB", "600 MiB", "800 MiB", "1000 MiB"]],
    [1.2 * 2 ** 30, ["0", "512 MiB", "1 GiB", "1.5 GiB"]],
    [5.2 * 2 ** 30, ["0", "2 GiB", "4 GiB", "6 GiB"]],
    [95 * 2 ** 20, ["0", "20 MiB", "40 MiB", "60 MiB", "80 MiB", "100 MiB"]],
    [0, ["0", "1 KiB"]],
  ])("gives distinct round ticks up to %d bytes", (max, labels) => {
    const ticks = byteAxisTicks(max);
    expect(ticks.map(formatByteTick)).toEqual(labels);
    expect(ticks.at(-1)).toBeGreaterThanOrEqual(max);
  });
});
