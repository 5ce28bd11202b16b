import type { Metadata, Viewport } from "next";
import { cookies } from "next/headers";
import { parseTheme, THEME_COOKIE, themeAttribute } from "@/lib/shared/theme";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Howdah", template: "%s · Howdah" },
  description: "Admin dashboard for a Mastodon server",
};

// Every page is rendered per request: the server entry gives each answer a
// script nonce (lib/server/security-headers.ts), which a page prerendered at
// build time could not carry, so its scripts would be refused.
export const dynamic = "force-dynamic";

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  colorScheme: "light dark",
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#f5f6f9" },
    { media: "(prefers-color-scheme: dark)", color: "#0e1015" },
  ],
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // The theme switch's choice, applied here so the first paint is already right (no script, no flash).
  const theme = parseTheme((await cookies()).get(THEME_COOKIE)?.value);
  return (
    <html lang="en" data-theme={themeAttribute(theme)}>
      <body className="min-h-screen font-sans antialiased">{children}</body>
    </html>
  );
}
