import { describe, expect, it } from "vitest";
import { loadConfig } from "./load-config";
import { expectConfigError } from "./expect-config-error";

const base = { LOCAL_DOMAIN: "example.social", HOWDAH_SECRET: "howdah-session-secret-0123456789abcdef" };

describe("Active Record encryption keys", () => {
  const keys = {
    ACTIVE_RECORD_ENCRYPTION_PRIMARY_KEY: "prim-aaaaaaaaaaaa",
    ACTIVE_RECORD_ENCRYPTION_DETERMINISTIC_KEY: "det-bbbbbbbbbbbb",
    ACTIVE_RECORD_ENCRYPTION_KEY_DERIVATION_SALT: "salt-cccccccccccc",
  };

  it("are null when none is set (sign-in then refuses TOTP users)", () => {
    expect(loadConfig(base).mastodon.activeRecordEncryption).toBeNull();
  });

  it("keep the whole value as the last key (Rails does not split on commas), after its comma-separated parts", () => {
    expect(loadConfig({ ...base, ...keys }).mastodon.activeRecordEncryption).toEqual({
      primaryKeys: ["prim-aaaaaaaaaaaa"],
      deterministicKeys: ["det-bbbbbbbbbbbb"],
      keyDerivationSalt: "salt-cccccccccccc",
    });
    expect(
      loadConfig({ ...base, ...keys, ACTIVE_RECORD_ENCRYPTION_PRIMARY_KEY: "old,new" }).mastodon.activeRecordEncryption
        ?.primaryKeys,
    ).toEqual(["old", "new", "old,new"]);
  });

  it("must be all three: a partial set names what is missing and shows no key", () => {
    const error = expectConfigError(
      { ...base, ...keys, ACTIVE_RECORD_ENCRYPTION_KEY_DERIVATION_SALT: "  " },
      "ACTIVE_RECORD_ENCRYPTION_KEY_DERIVATION_SALT",
      Object.values(keys),
    );
    expect(error.message).toBe(
      "ACTIVE_RECORD_ENCRYPTION_KEY_DERIVATION_SALT is not set although the other Active Record encryption keys are; " +
        "copy all three from Mastodon's .env.production, or none.",
    );
    const two = expectConfigError(
      { ...base, ACTIVE_RECORD_ENCRYPTION_PRIMARY_KEY: keys.ACTIVE_RECORD_ENCRYPTION_PRIMARY_KEY },
      "ACTIVE_RECORD_ENCRYPTION_DETERMINISTIC_KEY",
      Object.values(keys),
    );
    expect(two.message).toContain("ACTIVE_RECORD_ENCRYPTION_KEY_DERIVATION_SALT");
  });
});
