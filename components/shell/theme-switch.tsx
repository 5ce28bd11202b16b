"use client";

import { useState } from "react";
import { ChoiceGroup } from "@/components/ui/choice-group";
import { THEME_COOKIE, THEME_COOKIE_MAX_AGE, themeAttribute, type Theme } from "@/lib/shared/theme";

const CHOICES: { value: Theme; label: string }[] = [
  { value: "system", label: "Auto" },
  { value: "light", label: "Light" },
  { value: "dark", label: "Dark" },
];

/**
 * Light, dark, or the device's setting ("Auto"). A choice applies at once
 * (data-theme on <html>, which the tokens in app/globals.css follow) and is
 * remembered in a cookie the server reads for every later page (app/layout.tsx).
 */
export function useTheme(initial: Theme): [Theme, (next: Theme) => void] {
  const [theme, setTheme] = useState(initial);
  const choose = (next: Theme) => {
    setTheme(next);
    const attribute = themeAttribute(next);
    if (attribute) document.documentElement.dataset.theme = attribute;
    else delete document.documentElement.dataset.theme;
    document.cookie = `${THEME_COOKIE}=${next}; Path=/; Max-Age=${THEME_COOKIE_MAX_AGE}; SameSite=Lax`;
  };
  return [theme, choose];
}

export function ThemeSwitch({ value, onChange }: { value: Theme; onChange: (next: Theme) => void }) {
  return <ChoiceGroup legend="Theme" choices={CHOICES} value={value} onChange={onChange} size="small" />;
}
