import "server-only";
/**
 * Small readers shared by the settings modules: each turns one environment
 * variable into a typed value with zod, or throws a ConfigError whose message
 * is one sentence naming the variable. Kept apart from load-config.ts so the
 * settings modules can throw ConfigError without a circular import.
 */
import { z } from "zod";

export type Env = Record<string, string | undefined>;

/** A missing or malformed configuration value; `variable` names the culprit. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(message);
    this.name = "ConfigError";
  }
}

/**
 * The value if it is set to something other than "". Like the streaming
 * server's `env.X || default`, an empty `X=` line means "use the default"
 * (Ruby would keep "", which only ever makes a broken host or URL).
 */
export function present(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value === "" ? undefined : value;
}

/** Quote a non-secret value for an error message, shortened so one bad line cannot flood a log. */
export function shown(value: string): string {
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
}

const digits = z.string().regex(/^\d+$/).transform(Number);

/**
 * A whole number in [min, max] parsed from `raw`, which came from `variable`.
 * `subject` is what the message blames, when that is a part of the variable
 * ("The port in DATABASE_URL").
 */
export function parseIntIn(
  variable: string,
  raw: string,
  min: number,
  max: number,
  what?: string,
  subject = variable,
): number {
  const result = digits.pipe(z.number().int().min(min).max(max)).safeParse(raw.trim());
  if (result.success) return result.data;
  throw new ConfigError(
    variable,
    `${subject} must be ${what ?? `a whole number between ${min} and ${max}`}, got ${shown(raw)}.`,
  );
}

export function intVar(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = present(env, name);
  return raw === undefined ? fallback : parseIntIn(name, raw, min, max);
}

export function parsePort(variable: string, raw: string, subject = variable): number {
  return parseIntIn(variable, raw, 1, 65535, "a port number between 1 and 65535", subject);
}

export function portVar(env: Env, name: string, fallback: number): number {
  const raw = present(env, name);
  return raw === undefined ? fallback : parsePort(name, raw);
}

/** One of a fixed set of words; the message lists them. */
export function enumVar<const T extends readonly [string, ...string[]]>(
  env: Env,
  name: string,
  values: T,
  fallback: T[number],
): T[number] {
  const raw = present(env, name);
  if (raw === undefined) return fallback;
  const result = z.enum(values).safeParse(raw.trim());
  if (result.success) return result.data;
  throw new ConfigError(name, `${name} must be one of ${values.join(", ")}, got ${shown(raw)}.`);
}
