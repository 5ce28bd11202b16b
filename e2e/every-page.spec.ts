import { mkdirSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import pg from "pg";
import { PAGE_LIST } from "../lib/auth/access";
import { E2E } from "../dev/testing/e2e-instance";
import { FIXTURE_USERS } from "../dev/testing/fixture-users";
import { linksSharingANameButNotATarget, measurePhoneErgonomics } from "./ergonomics";
import { expectSignedIn, signIn } from "./helpers";

/**
 * Every page, as people use it: at 375 and 1280 px, in the light and the dark
 * theme, axe-core finds no violation; at 375 px every visible control has a
 * 44 × 44 px hit area, text is at least 14 px (16 px in form fields) and
 * nothing scrolls sideways. The pages are the navigation's (PAGE_LIST) plus
 * their sub-pages, the shell's 404 and 403, the sign-in form and the public
 * status page, on the browser-test instance's data (the demo's generator at
 * a small scale, with a long job class in Sidekiq: dev/testing/seed-sidekiq.ts).
 * Screenshots of each go to /tmp/uxshell-shots (HOWDAH_SHOTS overrides) to be looked at.
 */
const SHOTS = process.env.HOWDAH_SHOTS ?? "/tmp/uxshell-shots";
const WIDTHS = [375, 1280] as const;
const SCHEMES = ["light", "dark"] as const;

interface PageCase {
  path: string;
  /** Who looks at it: the owner unless said otherwise; null is signed out. */
  as?: keyof typeof FIXTURE_USERS | null;
  /** What must be on the page once it has loaded. */
  heading: string | RegExp;
}

async function topRemoteDomain(): Promise<string> {
  const db = new pg.Client({ connectionString: E2E.connectionString });
  await db.connect();
  try {
    const { rows } = await db.query<{ domain: string }>(
      `SELECT a.domain FROM media_attachments m JOIN accounts a ON a.id = m.account_id
        WHERE a.domain IS NOT NULL GROUP BY a.domain ORDER BY sum(coalesce(m.file_file_size, 0)) DESC LIMIT 1`,
    );
    return rows[0]!.domain;
  } finally {
    await db.end();
  }
}

/** The open report whose post has a content warning, sensitive media and hostile HTML (triage-reports.ts). */
async function hostileReport(): Promise<string> {
  const db = new pg.Client({ connectionString: E2E.connectionString });
  await db.connect();
  try {
    const { rows } = await db.query<{ id: string }>(
      "SELECT id::text AS id FROM reports WHERE comment LIKE 'Spreading election misinformation%' ORDER BY id LIMIT 1",
    );
    return rows[0]!.id;
  } finally {
    await db.end();
  }
}

const HEADINGS: Record<string, string> = { "/": "howdah.test" };

const CASES: PageCase[] = [
  ...PAGE_LIST.map((page) => ({ path: page.href, heading: HEADINGS[page.href] ?? page.label })),
  { path: "/queues/alerts", heading: /alert/i },
  { path: "/queues/jobs?source=queue:default", heading: /default/i },
  { path: "/queues/jobs?source=retry", heading: /retr/i },
  { path: "/queues/jobs?source=scheduled", heading: /scheduled/i },
  { path: "/queues/jobs?source=dead", heading: /dead/i },
  { path: "/federation/subscriptions", heading: "Blocklist subscriptions" },
  { path: "/retention/sample?figure=statuses_boosted&days=3", heading: "Remote posts local users boosted" },
  { path: "/reports/{report}", as: "moderator", heading: /^Report \d+ on / },
  { path: "/federation/domains/{domain}", heading: /\./ },
  { path: "/federation/imports", heading: /import/i },
  { path: "/no-such-page", heading: "Page not found" },
  { path: "/system", as: "moderator", heading: "You may not see this page" },
  { path: "/sign-in", as: null, heading: "Howdah" },
  { path: "/status/subscribe", as: null, heading: "Status updates by e-mail" },
  { path: "/status/subscribe/confirm?id=1&token=x", as: null, heading: "Confirm status updates" },
  { path: "/status/unsubscribe?id=1&token=x", as: null, heading: "Stop status updates" },
];

const slug = (c: PageCase) => {
  const who = c.as === undefined ? "" : `${c.as ?? "signed-out"}-`;
  return `${who}${c.path.replace(/[^a-z0-9]+/gi, "-").replace(/^-|-$/g, "") || "overview"}`;
};

const sessions = new Map<string, Awaited<ReturnType<BrowserContext["storageState"]>>>();
let domain = "";
let reportId = "";

async function sessionFor(browser: Browser, who: keyof typeof FIXTURE_USERS) {
  const known = sessions.get(who);
  if (known) return known;
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, FIXTURE_USERS[who].email, FIXTURE_USERS[who].password);
  await expectSignedIn(page);
  const state = await context.storageState();
  await context.close();
  sessions.set(who, state);
  return state;
}

async function openPage(browser: Browser, c: PageCase, width: number, scheme: "light" | "dark") {
  const who = c.as === undefined ? "owner" : c.as;
  const context = await browser.newContext({
    baseURL: test.info().project.use.baseURL,
    viewport: { width, height: width < 500 ? 740 : 900 },
    isMobile: width < 500,
    hasTouch: width < 500,
    colorScheme: scheme,
    storageState: who ? await sessionFor(browser, who) : undefined,
  });
  const page = await context.newPage();
  await page.goto(c.path.replace("{domain}", encodeURIComponent(domain)).replace("{report}", reportId));
  await waitUntilSettled(page, c);
  return { context, page };
}

async function waitUntilSettled(page: Page, c: PageCase) {
  await expect(page.getByRole("heading", { level: 1, name: c.heading }).first()).toBeVisible();
  await expect(page.getByText("Loading…", { exact: true })).toHaveCount(0, { timeout: 20_000 });
  await expect(page.getByText("Counting the media already stored")).toHaveCount(0, { timeout: 30_000 });
  await page.waitForLoadState("networkidle");
}

test.beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  domain = await topRemoteDomain();
  reportId = await hostileReport();
});

for (const c of CASES) {
  for (const width of WIDTHS) {
    for (const scheme of SCHEMES) {
      test(`${c.path}${c.as !== undefined ? ` (${c.as ?? "signed out"})` : ""} at ${width} px, ${scheme}`, async ({
        browser,
      }) => {
        const { context, page } = await openPage(browser, c, width, scheme);
        try {
          await page.screenshot({ path: `${SHOTS}/${slug(c)}-${width}-${scheme}.png`, fullPage: true });
          // What a phone shows first, before any scrolling.
          if (width === 375) await page.screenshot({ path: `${SHOTS}/${slug(c)}-${width}-${scheme}-first-screen.png` });
          const axe = await new AxeBuilder({ page }).analyze();
          const violations = axe.violations.map(
            (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
          );
          expect.soft(violations, `axe-core on ${c.path}`).toEqual([]);
          const sameNames = await linksSharingANameButNotATarget(page);
          expect.soft(sameNames, `${c.path}: links of one name that lead to different places`).toEqual([]);
          if (width === 375) {
            // The phone's menu too: its links, the theme switch and sign-out are tapped as often as the page.
            const menu = page.getByRole("button", { name: "Menu" });
            if (await menu.count()) await menu.click();
            const found = await measurePhoneErgonomics(page);
            test.info().annotations.push({
              type: "ergonomics",
              description: `${found.smallTargets.length} of ${found.targets} controls under 44 px, ${Math.round(
                found.smallTextShare * 100,
              )}% of text under 14 px, ${found.scrollWidth} px wide`,
            });
            expect.soft(found.scrollWidth, `${c.path} is wider than the screen`).toBeLessThanOrEqual(375);
            expect.soft(found.smallTargets, `${c.path}: controls with a hit area under 44 × 44 px`).toEqual([]);
            expect.soft(found.smallText, `${c.path}: text under 14 px (16 px in fields)`).toEqual([]);
          }
        } finally {
          await context.close();
        }
      });
    }
  }
}
