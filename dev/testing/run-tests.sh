#!/bin/sh
# `npm test`: lint (the walls between rooms), type check, unit and integration
# tests (vitest, real PostgreSQL and Redis),
# then a production build and the browser tests (Playwright, Debian Chromium).
set -eu
cd "$(dirname "$0")/../.."

echo "== lint: the walls between rooms, server-only, lines, formatting"
npx eslint .
npx prettier --check . >/dev/null || { npx prettier --check .; exit 1; }

echo "== type check"
npx tsc --noEmit

echo "== unit and integration tests"
npx vitest run

echo "== production build for the browser tests"
npx next build >/tmp/howdah-build.log 2>&1 || { tail -50 /tmp/howdah-build.log; exit 1; }

echo "== browser tests"
npx tsx --conditions=react-server dev/testing/prepare-e2e.ts
status=0
NODE_OPTIONS=--conditions=react-server npx playwright test || status=$?
# HOWDAH_KEEP_E2E=1 keeps howdah_e2e and its Redis DB to look at after a failure.
[ "${HOWDAH_KEEP_E2E:-}" = 1 ] || npx tsx --conditions=react-server dev/testing/teardown-e2e.ts
exit "$status"
