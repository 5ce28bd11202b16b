import { describe, expect, it } from "vitest";
import { parseDotenv } from "./dotenv-parse";

describe("parseDotenv", () => {
  it("reads plain, spaced, exported and colon-separated assignments", () => {
    expect(parseDotenv("A=1\nB = 2\nexport C=3\nD: 4\n")).toEqual({ A: "1", B: "2", C: "3", D: "4" });
  });

  it("skips comments, blank lines and lines that are not assignments", () => {
    expect(
      parseDotenv("# Federation\n\n   # indented comment\nnot an assignment\nLOCAL_DOMAIN=example.social\n"),
    ).toEqual({
      LOCAL_DOMAIN: "example.social",
    });
  });

  it("ends unquoted values at # and trims them", () => {
    expect(parseDotenv("A=value # trailing comment\nB=abc#def\nC=  spaced  \n")).toEqual({
      A: "value",
      B: "abc",
      C: "spaced",
    });
  });

  it("keeps # and spaces inside quotes, with a comment after the closing quote", () => {
    expect(parseDotenv(`DB_PASS='p#ss word' # the password\nOTHER="a # b"\n`)).toEqual({
      DB_PASS: "p#ss word",
      OTHER: "a # b",
    });
  });

  it("expands \\n and \\r only in double quotes", () => {
    expect(parseDotenv(`D="a\\nb\\rc"\nS='a\\nb'\nB=\`a\\nb\`\nU=a\\nb\n`)).toEqual({
      D: "a\nb\rc",
      S: "a\\nb",
      B: "a\\nb",
      U: "a\\nb",
    });
  });

  it("reads quoted values that span lines", () => {
    expect(parseDotenv(`KEY="-----BEGIN\nline\n-----END"\nNEXT=1\n`)).toEqual({
      KEY: "-----BEGIN\nline\n-----END",
      NEXT: "1",
    });
  });

  it("gives empty strings for empty values, including empty quotes", () => {
    expect(parseDotenv(`A=\nB= \nC=#x\nD=""\nE=''\n`)).toEqual({ A: "", B: "", C: "", D: "", E: "" });
  });

  it("does not unescape quotes or expand variables (like the streaming server's dotenv)", () => {
    expect(parseDotenv(`A="say \\"hi\\""\nB="p\\$ss"\nC=$HOME\n`)).toEqual({
      A: 'say \\"hi\\"',
      B: "p\\$ss",
      C: "$HOME",
    });
  });

  it("reads the rest of the line unquoted when text follows the closing quote", () => {
    expect(parseDotenv(`A="x" y\nB='never closed\nC=ok\n`)).toEqual({ A: '"x" y', B: "'never closed", C: "ok" });
  });

  it("handles CRLF, a byte-order mark, and lets a later line win", () => {
    expect(parseDotenv("\uFEFFA=1\r\nB=2\r\nA=3\r\n")).toEqual({ A: "3", B: "2" });
  });

  it("reads URLs with = and ? intact", () => {
    expect(parseDotenv("DATABASE_URL=postgres://u:p@db/mastodon?sslmode=require&x=y\n")).toEqual({
      DATABASE_URL: "postgres://u:p@db/mastodon?sslmode=require&x=y",
    });
  });
});
