/**
 * The colour theme a person chose with the shell's switch: "system" follows
 * the device (prefers-color-scheme). Remembered in a cookie, so the server
 * renders <html data-theme> right the first time and no page flashes the
 * other theme while a script would catch up.
 */
export const THEMES = ["system", "light", "dark"] as const;
export type Theme = (typeof THEMES)[number];

export const THEME_COOKIE = "howdah-theme";
/** A year: the choice outlives sessions, as a setting should. */
export const THEME_COOKIE_MAX_AGE = 365 * 86_400;

/** A cookie's value as a theme; anything unknown (or none) means following the system. */
export function parseTheme(value: string | undefined | null): Theme {
  return (THEMES as readonly string[]).includes(value ?? "") ? (value as Theme) : "system";
}

/** The data-theme attribute for a choice: none when following the system. */
export function themeAttribute(theme: Theme): "light" | "dark" | undefined {
  return theme === "system" ? undefined : theme;
}
