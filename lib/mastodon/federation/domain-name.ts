import "server-only";
import { domainToASCII, domainToUnicode } from "node:url";

/**
 * The domain a block is stored under, as Mastodon derives it
 * (DomainBlock `before_validation :normalize_domain` → TagManager#normalize_domain,
 * then DomainValidator; read at v4.3.23 and v4.6.5, addressable 2.8.7 / 2.9.0):
 *
 * 1. strip, then remove ONE trailing "/" (`delete_suffix('/')`);
 * 2. Addressable's `host=` refuses `< > { } / \ ? # @ "` and whitespace;
 * 3. `normalized_host`: downcase, IDNA ToASCII label by label (libidn, IDNA2003
 *    with ALLOW_UNASSIGNED: nameprep maps ß to "ss"), drop a single trailing dot;
 * 4. DomainValidator: under 256 characters, every label 1–63 characters of [a-z0-9-].
 *
 * Howdah follows that and says why an input is refused, in words an admin
 * can act on (a pasted URL names its host, an account address its server, a
 * wildcard is explained). It refuses a little more than Mastodon, where
 * Mastodon would store something that never matches a server: "%" (which
 * Addressable percent-decodes), and names ending in two dots (Ruby's split
 * drops the empty labels, so Mastodon accepts "example.com..").
 *
 * IDN: Node's domainToASCII implements UTS #46 without transitional
 * processing (IDNA2008-like); the four deviation characters are mapped first
 * as transitional processing does (ß→ss, ς→σ, ZWJ/ZWNJ removed), which is the
 * UTS #46 mode designed to agree with IDNA2003, what libidn gives Mastodon.
 */
export type DomainCheck = { ok: true; domain: string; display: string } | { ok: false; message: string };

const MAX_LENGTH = 256;
const LABEL = /^[a-z0-9-]{1,63}$/;
const DEVIATIONS: [RegExp, string][] = [
  [/ß/g, "ss"],
  [/ς/g, "σ"],
  [/[\u200c\u200d]/g, ""],
];

const refuse = (message: string): DomainCheck => ({ ok: false, message });

export function normalizeDomain(input: string): DomainCheck {
  let value = input.trim();
  if (value.endsWith("/")) value = value.slice(0, -1);
  if (value === "") return refuse("Enter a domain, such as example.com.");
  const shown = value.length > 80 ? `${value.slice(0, 77)}…` : value;

  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value) || value.includes("/")) {
    const host = hostOfUrl(value);
    return refuse(
      host
        ? `"${shown}" is a web address; a block names only the server. Enter ${host} instead.`
        : `"${shown}" is not a domain: a block names only a server, such as example.com.`,
    );
  }
  if (value.includes("@")) {
    const server = value.split("@").filter(Boolean).at(-1);
    const suggestion = server ? normalizeDomain(server) : null;
    return refuse(
      suggestion?.ok
        ? `"${shown}" is an account address; a block names its server: enter ${suggestion.domain} instead.`
        : `"${shown}" is an account address, not a server's domain.`,
    );
  }
  if (value.includes("*")) {
    const rest = value.replace(/^[*.]+/, "");
    const base = rest && !rest.includes("*") ? normalizeDomain(rest) : null;
    return refuse(
      "Wildcards are not used: a block on a domain already covers all of its sub-domains" +
        (base?.ok ? ` (enter ${base.domain} to cover *.${base.domain}).` : "."),
    );
  }
  if (/\s/.test(value)) return refuse(`"${shown}" contains a space; a domain has none.`);
  if (/:\d*$/.test(value))
    return refuse(`Leave out the port ("${value.slice(value.lastIndexOf(":"))}"): a block covers the whole server.`);
  const forbidden = /[<>{}\\?#"%:]/.exec(value);
  if (forbidden) return refuse(`"${forbidden[0]}" cannot appear in a domain.`);

  let lower = value.toLowerCase();
  // Addressable: "Single trailing dots are unnecessary."
  if (/[^.]\.$/.test(lower)) lower = lower.slice(0, -1);
  const labels: string[] = [];
  for (const label of lower.split(".")) {
    if (/^[\x00-\x7f]*$/.test(label)) {
      labels.push(label);
      continue;
    }
    let mapped = label;
    for (const [from, to] of DEVIATIONS) mapped = mapped.replace(from, to);
    const ascii = mapped === "" ? "" : domainToASCII(mapped);
    if (ascii === "") return refuse(`"${label}" is not a valid internationalised domain name label.`);
    labels.push(...ascii.split("."));
  }
  const domain = labels.join(".");
  for (const label of labels) {
    if (label === "") return refuse(`"${shown}" has an empty part (a leading dot or two dots in a row).`);
    if (label.length > 63)
      return refuse(`"${label.slice(0, 20)}…" is longer than the 63 characters a domain part may have.`);
    if (!LABEL.test(label)) {
      const bad = /[^a-z0-9-]/.exec(label)?.[0] ?? label;
      return refuse(`"${bad}" cannot appear in a domain: only letters, digits and hyphens can.`);
    }
  }
  if (domain.length >= MAX_LENGTH)
    return refuse(`The domain is ${domain.length} characters long; at most 255 are allowed.`);
  return { ok: true, domain, display: displayDomain(domain) };
}

/** The Unicode form of a punycode domain, for display only ("xn--bcher-kva.example" → "bücher.example"). */
export function displayDomain(domain: string): string {
  if (!domain.includes("xn--")) return domain;
  const unicode = domainToUnicode(domain);
  return unicode === "" ? domain : unicode;
}

/** Every suffix a rule could be stored under (rule_for): "a.b.example" → a.b.example, b.example, example. */
export function domainVariants(domain: string): string[] {
  const labels = domain.split(".");
  return labels.map((_, i) => labels.slice(i).join("."));
}

function hostOfUrl(value: string): string | null {
  const candidate = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `https://${value}`;
  if (!URL.canParse(candidate)) return null;
  const host = new URL(candidate).hostname;
  const checked = host ? normalizeDomain(host) : null;
  return checked?.ok ? checked.domain : null;
}
