import { defineConfig } from "vitest/config";
import path from "node:path";

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      // Product modules start with `import "server-only"`; tests run them on
      // the server, as Next does under its react-server condition.
      "server-only": path.resolve(import.meta.dirname, "node_modules/server-only/empty.js"),
    },
  },
  test: {
    include: ["lib/**/*.test.ts", "app/**/*.test.ts", "dev/**/*.test.ts"],
    // Integration tests share one PostgreSQL and Redis; files create their own
    // databases and DB indexes, but the machine has two cores.
    fileParallelism: true,
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
