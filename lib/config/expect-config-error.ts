import "server-only";
import { expect } from "vitest";
import { ConfigError, loadConfig } from "./load-config";

/**
 * For the configuration tests: the ConfigError `env` causes, checked to be
 * one sentence naming `variable` and showing none of `secrets`.
 */
export function expectConfigError(
  env: Record<string, string | undefined>,
  variable: string,
  secrets: string[] = [],
): ConfigError {
  let caught: unknown;
  try {
    loadConfig(env);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ConfigError);
  const error = caught as ConfigError;
  expect(error.variable).toBe(variable);
  expect(error.message).toContain(variable);
  expect(error.message).toMatch(/^[^\n]+\.$/);
  for (const secret of secrets) expect(error.message).not.toContain(secret);
  return error;
}
