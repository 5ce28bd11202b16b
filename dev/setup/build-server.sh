#!/bin/sh
# Bundles Howdah's web server entry (lib/server/main.ts: Node's HTTP server
# with the status answers in front of Next's request handler) into one
# plain-JavaScript file that runs on bare `node`, like the worker. Packages
# stay external (Next itself loads from node_modules, without the
# react-server condition); `server-only` is the one package bundled, as the
# empty module it is on the server. Takes well under a second.
set -eu
cd "$(dirname "$0")/../.."
npx esbuild lib/server/main.ts --bundle --platform=node --format=esm --packages=external \
  --target=node20 --conditions=react-server --alias:server-only=./node_modules/server-only/empty.js \
  --outfile=.howdah/server.mjs --log-level=warning
