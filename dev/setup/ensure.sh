#!/bin/sh
# Installs what Howdah needs and is missing, so `npm run demo` and `npm test`
# work on a fresh machine. Safe to run again: each step checks first.
#   ensure.sh            npm packages and the generated Prisma client
#   ensure.sh --browser  also Debian's Chromium, for the browser tests
#   ensure.sh --bench    also the bench's anchors and load tool from Debian:
#                        nginx, wrk and ruby-sidekiq (Sidekiq's own Ruby API)
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

# The bench measures Howdah against the real thing (nginx serving the same
# bytes, Sidekiq's own Ruby API) with wrk as the load generator.
if [ "${1:-}" = "--bench" ]; then
  missing=""
  [ -x /usr/sbin/nginx ] || missing="$missing nginx-light"
  [ -x /usr/bin/wrk ] || missing="$missing wrk"
  ruby -e 'require "sidekiq/api"' 2>/dev/null || missing="$missing ruby-sidekiq"
  if [ -n "$missing" ]; then
    echo "howdah: installing the bench's anchors from Debian:$missing"
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    # The package may start its own nginx on port 80; the bench starts another on a port of its own.
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null ||
      echo "howdah: could not install$missing; the bench prints its figures without those anchors"
  fi
fi
