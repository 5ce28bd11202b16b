import { defineConfig } from "prisma/config";

// Only `prisma generate` is used (see lib/store/migrate.ts for why migrations
// are plain SQL). The URL is needed by the CLI's config loader, not by generate.
export default defineConfig({
  schema: "prisma/schema.prisma",
  datasource: { url: process.env.HOWDAH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres" },
});
