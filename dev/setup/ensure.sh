#!/bin/sh
# Installs what Howdah needs and is missing, so `npm run demo` and `npm test`
# work on a fresh machine. Safe to run again: each step checks first.
#   ensure.sh            npm packages and the generated Prisma client
#   ensure.sh --browser  also Debian's Chromium, for the browser tests
set -eu
cd "$(dirname "$0")/../.."

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "howdah: installing npm packages"
  # Not `npm ci`: the registry this machine reaches serves only linux-x64
  # builds, so the lock file cannot list other platforms' optional packages
  # and `npm ci` refuses it as out of sync. `npm install` keeps the locked
  # versions all the same.
  npm install --no-audit --no-fund --loglevel=error
fi

# Also run by npm install (postinstall); here for checkouts installed before that.
sh dev/setup/generate-prisma.sh

if [ "${1:-}" = "--browser" ] && [ ! -x /usr/bin/chromium ]; then
  echo "howdah: installing Debian's chromium for the browser tests"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
