import type { Metadata, Viewport } from "next";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Howdah", template: "%s · Howdah" },
  description: "Admin dashboard for a Mastodon server",
};

// Every page is rendered per request: the server entry gives each answer a
// script nonce (lib/server/security-headers.ts), which a page prerendered at
// build time could not carry, so its scripts would be refused.
export const dynamic = "force-dynamic";

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen font-sans antialiased">{children}</body>
    </html>
  );
}
