#!/bin/sh
# Generates Howdah's Prisma client (lib/generated/prisma) from
# prisma/schema.prisma, when it is missing or older than the schema. Run by
# `npm install` (postinstall) and `npm run build` (prebuild), so a fresh clone
# builds with the README's two commands. Downloads nothing: the client runs on
# @prisma/adapter-pg and Prisma 7's bundled query compiler; the CLI only checks
# that a schema engine binary exists, which `generate` never runs, so any
# existing file satisfies it (see README).
set -eu
cd "$(dirname "$0")/../.."

if [ -f lib/generated/prisma/client.ts ] && [ ! prisma/schema.prisma -nt lib/generated/prisma/client.ts ]; then
  exit 0
fi
if [ ! -x node_modules/.bin/prisma ]; then
  # `npm install --omit=dev`: nothing to generate with; `npm run build` says so.
  echo "howdah: the prisma CLI is not installed, so the Prisma client was not generated (install dev dependencies)" >&2
  exit 0
fi
echo "howdah: generating the Prisma client"
PRISMA_SCHEMA_ENGINE_BINARY="${PRISMA_SCHEMA_ENGINE_BINARY:-/bin/sh}" CHECKPOINT_DISABLE=1 PRISMA_HIDE_UPDATE_MESSAGE=1 \
  node_modules/.bin/prisma generate >/dev/null
