import { describe, expect, it } from "vitest";
import { exportCsv } from "./export";

/** The bytes Ruby's CSV.generate writes for Mastodon's export (facts A6), field by field. */
describe("Mastodon's domain block CSV", () => {
  const row = {
    domain: "spam.example",
    severity: "suspend" as const,
    rejectMedia: false,
    rejectReports: true,
    publicComment: null,
    obfuscate: false,
    privateComment: 'secret, "really"',
  };

  it('writes the header, enum names, true/false, nil as nothing and an empty string as ""', () => {
    const csv = exportCsv(
      [
        row,
        { ...row, domain: "quiet.example", severity: "silence", publicComment: "", rejectMedia: true },
        { ...row, domain: "xn--bcher-kva.example", severity: null, publicComment: 'a, "b"\nc', obfuscate: true },
      ],
      false,
    );
    expect(csv).toBe(
      "#domain,#severity,#reject_media,#reject_reports,#public_comment,#obfuscate\n" +
        "spam.example,suspend,false,true,,false\n" +
        'quiet.example,silence,true,true,"",false\n' +
        'xn--bcher-kva.example,,false,true,"a, ""b""\nc",true\n',
    );
  });

  it("adds a #private_comment column only when asked, and leaves formula-like cells as Mastodon does", () => {
    const csv = exportCsv([{ ...row, publicComment: '=HYPERLINK("x")' }], true);
    expect(csv).toBe(
      "#domain,#severity,#reject_media,#reject_reports,#public_comment,#obfuscate,#private_comment\n" +
        'spam.example,suspend,false,true,"=HYPERLINK(""x"")",false,"secret, ""really"""\n',
    );
  });
});
