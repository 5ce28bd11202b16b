import { describe, expect, it } from "vitest";
import { HowdahError } from "@/lib/errors";
import { MAX_IMPORT_ROWS, parseBlocklist } from "./parse";

/** Each format Howdah reads, and every kind of bad input the issue lists, each with its line and its sentence. */
describe("parseBlocklist", () => {
  it("reads Mastodon's export (and Oliphant's lists, which use it)", () => {
    const file =
      "#domain,#severity,#reject_media,#reject_reports,#public_comment,#obfuscate\n" +
      "spam.example,suspend,false,false,Spam farm,true\n" +
      'quiet.example,silence,true,false,"loud, rude",false\n' +
      "noop.example,noop,false,true,,false\n";
    const parsed = parseBlocklist(Buffer.from(file));
    expect(parsed.format).toBe("mastodon");
    expect(parsed.hasSeverity).toBe(true);
    expect(parsed.malformed).toEqual([]);
    expect(parsed.rows).toEqual([
      {
        line: 2,
        domain: "spam.example",
        display: "spam.example",
        severity: "suspend",
        rejectMedia: false,
        rejectReports: false,
        obfuscate: true,
        publicComment: "Spam farm",
        privateComment: null,
      },
      expect.objectContaining({ line: 3, domain: "quiet.example", severity: "silence", rejectMedia: true }),
      expect.objectContaining({ line: 4, domain: "noop.example", severity: "noop", rejectReports: true }),
    ]);
    expect(parsed.rows[1]!.publicComment).toBe("loud, rude");
  });

  it("reads FediBlockHole's columns, in its order, with its private comment", () => {
    const file =
      "domain,severity,private_comment,public_comment,reject_media,reject_reports,obfuscate\n" +
      "bad.example,silence,seen in #fediblock,,True,False,False\n";
    const parsed = parseBlocklist(Buffer.from(file));
    expect(parsed.format).toBe("fediblockhole");
    expect(parsed.rows).toEqual([
      expect.objectContaining({
        domain: "bad.example",
        severity: "silence",
        rejectMedia: true,
        privateComment: "seen in #fediblock",
        publicComment: null,
      }),
    ]);
  });

  it("reads a plain list, first line included, without assuming a severity", () => {
    const parsed = parseBlocklist(Buffer.from("first.example\n# a comment\n\nsecond.example\n"));
    expect(parsed.format).toBe("plain");
    expect(parsed.hasSeverity).toBe(false);
    expect(parsed.rows.map((r) => [r.line, r.domain, r.severity])).toEqual([
      [1, "first.example", null],
      [4, "second.example", null],
    ]);
  });

  it("takes a byte-order mark and CRLF line ends in its stride", () => {
    const file = "\uFEFF#domain,#severity\r\ncrlf.example,silence\r\nnext.example,suspend\r\n";
    const parsed = parseBlocklist(Buffer.from(file, "utf8"));
    expect(parsed.format).toBe("mastodon");
    expect(parsed.malformed).toEqual([]);
    expect(parsed.rows.map((r) => [r.line, r.domain])).toEqual([
      [2, "crlf.example"],
      [3, "next.example"],
    ]);
  });

  it("gives every bad row its line number and a sentence, and keeps the good ones", () => {
    const file = [
      "#domain,#severity,#reject_media",
      "good.example,suspend,false", // 2
      "not a host,suspend,false", // 3
      "*.wild.example,suspend,false", // 4
      "https://pasted.example/about,suspend,false", // 5
      "bücher.example,silence,false", // 6
      "xn--bcher-kva.example,silence,false", // 7 duplicate of 6 in the other IDN form
      "GOOD.example,suspend,false", // 8 duplicate of 2
      "severe.example,obliterate,false", // 9
      "empty.example,,false", // 10
      "flag.example,silence,maybe", // 11
      "a..b.example,silence,false", // 12
      "someone@server.example,silence,false", // 13
    ].join("\n");
    const parsed = parseBlocklist(Buffer.from(file));
    expect(parsed.rows.map((r) => [r.line, r.domain])).toEqual([
      [2, "good.example"],
      [6, "xn--bcher-kva.example"],
    ]);
    expect(parsed.rows[1]!.display).toBe("bücher.example");
    const messages = Object.fromEntries(parsed.malformed.map((m) => [m.line, m.message]));
    expect(Object.keys(messages).map(Number)).toEqual([3, 4, 5, 7, 8, 9, 10, 11, 12, 13]);
    expect(messages[3]).toMatch(/contains a space/);
    expect(messages[4]).toMatch(/Wildcards are not used.*enter wild\.example/);
    expect(messages[5]).toMatch(/web address.*Enter pasted\.example instead/);
    expect(messages[7]).toMatch(/bücher\.example already appears on line 6/);
    expect(messages[8]).toMatch(/good\.example already appears on line 2/);
    expect(messages[9]).toMatch(/"obliterate" is not a severity/);
    expect(messages[10]).toMatch(/severity is empty/);
    expect(messages[11]).toMatch(/"maybe" in the reject_media column is not true or false/);
    expect(messages[12]).toMatch(/empty part/);
    expect(messages[13]).toMatch(/account address.*server\.example/);
  });

  it("reports broken quoting: a stray quote in a value, and a quote never closed that swallows the rest", () => {
    const stray = parseBlocklist(Buffer.from('#domain,#severity\nbad"quote.example,silence\nlater.example,suspend\n'));
    expect(stray.rows.map((r) => r.domain)).toEqual(["later.example"]);
    expect(stray.malformed).toEqual([expect.objectContaining({ line: 2, message: '""" cannot appear in a domain.' })]);

    const file = '#domain,#severity\nok.example,silence\n"unclosed.example,silence\nlater.example,suspend\n';
    const parsed = parseBlocklist(Buffer.from(file));
    expect(parsed.rows.map((r) => r.domain)).toEqual(["ok.example"]);
    expect(parsed.malformed).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/never closed.*none of them is imported/) }),
    ]);
  });

  it("refuses a plain list line with several values, which needs a header", () => {
    const parsed = parseBlocklist(Buffer.from("one.example\ntwo.example,suspend\n"));
    expect(parsed.rows.map((r) => r.domain)).toEqual(["one.example"]);
    expect(parsed.malformed).toEqual([expect.objectContaining({ line: 2, message: expect.stringMatching(/header/) })]);
  });

  it("refuses binary garbage as a whole with a reason, and reads 10 MB of text garbage row by row", () => {
    const binary = Buffer.alloc(10 * 1024 * 1024);
    for (let i = 0; i < binary.length; i++) binary[i] = (i * 7919) % 256;
    expect(() => parseBlocklist(binary)).toThrow(HowdahError);
    expect(() => parseBlocklist(binary)).toThrow(/not a text file/);
    expect(() => parseBlocklist(Buffer.from([0x66, 0xff, 0xfe, 0x0a]))).toThrow(/not UTF-8/);

    const lines: string[] = [];
    let size = 0;
    for (let i = 0; size <= 10 * 1024 * 1024; i++) {
      const line = `%%garbage ${i} <>?${"x".repeat(20 + (i % 60))}`;
      lines.push(line);
      size += line.length + 1;
    }
    const started = performance.now();
    const garbage = Buffer.from(lines.join("\n"));
    expect(garbage.byteLength).toBeGreaterThanOrEqual(10 * 1024 * 1024);
    const parsed = parseBlocklist(garbage);
    const ms = performance.now() - started;
    expect(parsed.rows).toEqual([]);
    expect(parsed.malformed.length).toBe(lines.length);
    expect(parsed.malformed[0]).toEqual(expect.objectContaining({ line: 1, message: expect.any(String) }));
    console.log(
      `garbage: ${garbage.byteLength} bytes, ${parsed.malformed.length} lines judged in ${Math.round(ms)} ms`,
    );
  });

  it("refuses more rows than it imports at once, before judging any", () => {
    const many = Array.from({ length: MAX_IMPORT_ROWS + 2 }, (_, i) => `d${i}.example`).join("\n");
    expect(() => parseBlocklist(Buffer.from(many))).toThrow(/at most 200,000 rows/);
  });
});
