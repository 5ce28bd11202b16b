import { defineConfig, devices } from "@playwright/test";
import { E2E, e2eEnv } from "./dev/testing/e2e-instance";

/**
 * Browser tests against a production build of Howdah, served as in
 * production by `npm start` (lib/server/main.ts: the status fast path in front
 * of Next), on the instance dev/testing/prepare-e2e.ts builds, driven in
 * Debian's Chromium: Playwright's own browser download is not available on
 * these machines.
 */
const chromium = {
  executablePath: "/usr/bin/chromium",
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
};

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 30_000,
  reporter: process.env.CI ? [["list"]] : [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${E2E.port}`,
    launchOptions: chromium,
    trace: "off",
  },
  projects: [
    { name: "desktop", use: { ...devices["Desktop Chrome"], launchOptions: chromium }, testIgnore: /mobile\.spec\.ts/ },
    {
      name: "phone",
      use: { viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true, launchOptions: chromium },
      testMatch: /mobile\.spec\.ts/,
    },
  ],
  webServer: {
    command: `npm start -- -p ${E2E.port} -H 127.0.0.1`,
    url: `http://127.0.0.1:${E2E.port}/sign-in`,
    // The tests run under the react-server condition (they import server
    // modules, which start with `import "server-only"`); the server they start
    // must not inherit it: Next renders React for the browser too.
    env: { ...e2eEnv(), NODE_OPTIONS: "" },
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "ignore",
    stderr: "pipe",
  },
});
