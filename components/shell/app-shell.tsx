"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { signOut } from "next-auth/react";
import { useState } from "react";
import type { Theme } from "@/lib/shared/theme";
import { ThemeSwitch, useTheme } from "./theme-switch";

export interface ShellProps {
  nav: { href: string; label: string }[];
  viewer: { acct: string; roleName: string | null };
  domain: string;
  /** The theme remembered from the switch (cookie), "system" when none. */
  theme: Theme;
  banner?: React.ReactNode;
  children: React.ReactNode;
}

/**
 * The signed-in frame: a skip link first, a sidebar on wide screens, a top
 * bar with a menu button at phone widths, and the theme switch and sign-out
 * control in both.
 */
export function AppShell({ nav, viewer, domain, theme: initialTheme, banner, children }: ShellProps) {
  const pathname = usePathname();
  const [open, setOpen] = useState(false);
  const [theme, setTheme] = useTheme(initialTheme);
  const links = (
    <ul className="flex flex-col gap-1">
      {nav.map((item) => {
        const active = item.href === "/" ? pathname === "/" : pathname.startsWith(item.href);
        return (
          <li key={item.href}>
            <Link
              href={item.href}
              onClick={() => setOpen(false)}
              aria-current={active ? "page" : undefined}
              className={`flex min-h-11 items-center rounded-md px-3 text-sm font-medium md:min-h-9 ${
                active ? "bg-brand-soft text-brand" : "text-ink hover:bg-canvas"
              }`}
            >
              {item.label}
            </Link>
          </li>
        );
      })}
    </ul>
  );
  const account = (
    <div className="space-y-2 border-t border-line pt-3 text-sm">
      <div>
        <div className="truncate font-medium" title={viewer.acct}>
          @{viewer.acct}
        </div>
        <div className="text-muted">{viewer.roleName ?? "Staff"}</div>
      </div>
      <ThemeSwitch value={theme} onChange={setTheme} />
      <button
        type="button"
        onClick={() => signOut({ callbackUrl: "/sign-in" })}
        className="block min-h-11 rounded-md border border-line px-3 text-sm hover:bg-canvas md:min-h-9"
      >
        Sign out
      </button>
    </div>
  );

  return (
    <div className="min-h-screen md:flex">
      <a
        href="#content"
        className={
          "sr-only focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50 focus:flex focus:min-h-11 " +
          "focus:items-center focus:rounded-md focus:bg-surface focus:px-4 focus:font-semibold focus:text-brand " +
          "focus:shadow-lg"
        }
      >
        Skip to content
      </a>
      <aside className="hidden w-60 shrink-0 flex-col justify-between border-r border-line bg-surface p-4 md:flex">
        <div>
          <Brand domain={domain} />
          <nav aria-label="Main" className="mt-6">
            {links}
          </nav>
        </div>
        {account}
      </aside>
      <header
        className={
          "sticky top-0 z-10 flex items-center justify-between gap-2 border-b border-line bg-surface px-4 py-2 " +
          "md:hidden"
        }
      >
        <Brand domain={domain} />
        <button
          type="button"
          aria-expanded={open}
          aria-controls="mobile-nav"
          onClick={() => setOpen(!open)}
          className="min-h-11 rounded-md border border-line px-4 text-sm"
        >
          {open ? "Close" : "Menu"}
        </button>
      </header>
      {open ? (
        <div id="mobile-nav" className="border-b border-line bg-surface p-4 md:hidden">
          <nav aria-label="Main">{links}</nav>
          <div className="mt-3">{account}</div>
        </div>
      ) : null}
      {/* The skip link's target: focusable by script only, so it does not add a Tab stop. */}
      <main id="content" tabIndex={-1} className="min-w-0 flex-1 p-4 focus:outline-none sm:p-6 lg:p-8">
        {banner ? <div className="mb-4">{banner}</div> : null}
        {children}
      </main>
    </div>
  );
}

function Brand({ domain }: { domain: string }) {
  return (
    <Link href="/" className="block min-h-11 min-w-0 leading-tight">
      <span className="text-lg font-bold text-brand">Howdah</span>
      <span className="block max-w-[12rem] truncate text-xs text-muted">{domain}</span>
    </Link>
  );
}
