"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { signOut } from "next-auth/react";
import { useState } from "react";

export interface ShellProps {
  nav: { href: string; label: string }[];
  viewer: { acct: string; roleName: string | null };
  domain: string;
  banner?: React.ReactNode;
  children: React.ReactNode;
}

/**
 * The signed-in frame: a sidebar on wide screens, a top bar with a menu
 * button at phone widths, and the sign-out control in both.
 */
export function AppShell({ nav, viewer, domain, banner, children }: ShellProps) {
  const pathname = usePathname();
  const [open, setOpen] = useState(false);
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
              className={`block rounded-md px-3 py-2 text-sm font-medium ${
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
    <div className="border-t border-line pt-3 text-sm">
      <div className="truncate font-medium" title={viewer.acct}>
        @{viewer.acct}
      </div>
      <div className="text-muted">{viewer.roleName ?? "Staff"}</div>
      <button
        type="button"
        onClick={() => signOut({ callbackUrl: "/sign-in" })}
        className="mt-2 rounded-md border border-line px-3 py-1.5 text-sm hover:bg-canvas"
      >
        Sign out
      </button>
    </div>
  );

  return (
    <div className="min-h-screen md:flex">
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
          "sticky top-0 z-10 flex items-center justify-between border-b border-line bg-surface px-4 py-3 md:hidden"
        }
      >
        <Brand domain={domain} />
        <button
          type="button"
          aria-expanded={open}
          aria-controls="mobile-nav"
          onClick={() => setOpen(!open)}
          className="rounded-md border border-line px-3 py-1.5 text-sm"
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
      <main className="min-w-0 flex-1 p-4 sm:p-6 lg:p-8">
        {banner ? <div className="mb-4">{banner}</div> : null}
        {children}
      </main>
    </div>
  );
}

function Brand({ domain }: { domain: string }) {
  return (
    <Link href="/" className="block leading-tight">
      <span className="text-lg font-bold text-brand">Howdah</span>
      <span className="block max-w-[12rem] truncate text-xs text-muted">{domain}</span>
    </Link>
  );
}
