// The linter guards the walls between Howdah's rooms (see ARCHITECTURE.md).
// When a rule objects, move the code to the room it belongs in; do not
// silence the rule.
import tseslint from "typescript-eslint";
import prettier from "eslint-config-prettier";
import howdah from "./dev/lint/require-server-only.mjs";

const PRODUCT = [
  "app/**/*.{ts,tsx}",
  "components/**/*.{ts,tsx}",
  "lib/**/*.{ts,tsx}",
  "instrumentation.ts",
  "proxy.ts",
];
const TESTS = ["**/*.test.ts", "e2e/**"];

// Module specifiers, as regular expressions over what follows `from`.
const ROOM = (room) => `^(@/|(\\.\\./)+|\\./)(lib/)?${room}(/|$)`;
const DEV = {
  regex: "^(@/dev/|(\\.\\./)+dev/)",
  message: "The product never imports the dev folder (fixtures, demo, bench, test harnesses).",
};
const MASTODON_INTERNALS = {
  regex: `${ROOM("mastodon")}(connections|gateway/base|sidekiq/keys|sidekiq/pipeline|action-log/.*|sidekiq-client/.*)$`,
  message: "These are the gateway's insides: call a function of `context.mastodon` instead.",
};
// Type-only imports hold no connection (configuration builds driver options), so they are allowed.
const DRIVERS = [
  {
    name: "pg",
    message: "Only lib/mastodon (Mastodon's data) and lib/store (Howdah's own tables) hold PostgreSQL connections.",
    allowTypeImports: true,
  },
  {
    name: "ioredis",
    message: "Only lib/mastodon holds Mastodon's Redis clients (lib/jobs holds BullMQ's).",
    allowTypeImports: true,
  },
];
const PRISMA = [
  { name: "@prisma/client", message: "Only lib/store touches Howdah's tables." },
  { name: "@prisma/adapter-pg", message: "Only lib/store touches Howdah's tables." },
];
const PG_ROOM = {
  regex: ROOM("pg"),
  message: "lib/pg builds pools and transactions for lib/mastodon and lib/store only.",
};
const GENERATED = { regex: "^@/lib/generated/", message: "Only lib/store uses the generated Prisma client." };

// SQL is recognised by its upper-case keywords, as every query here is written.
const SQL_NAMING_A_TABLE = '/\\b(FROM|JOIN|INTO|UPDATE|TABLE)\\s+"?[a-z_]+"?\\b/';
const SQL_ON_HOWDAH = "/\\b(FROM|JOIN|INTO|UPDATE|TABLE)\\s+howdah\\./";
const sqlRule = (pattern, message) => [
  { selector: `Literal[value=${pattern}]`, message },
  { selector: `TemplateElement[value.raw=${pattern}]`, message },
];

const restrictedImports = (...groups) => [
  "error",
  { paths: groups.flatMap((g) => g.paths ?? []), patterns: groups.flatMap((g) => g.patterns ?? []) },
];

export default tseslint.config(
  {
    ignores: [
      "node_modules/",
      ".next/",
      "lib/generated/",
      ".howdah/",
      "test-results/",
      "playwright-report/",
      "next-env.d.ts",
    ],
  },
  ...tseslint.configs.recommended,
  prettier,
  {
    plugins: { howdah },
    rules: {
      "max-len": ["error", { code: 120, ignoreUrls: true }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  // Walls of the whole product.
  {
    files: PRODUCT,
    ignores: TESTS,
    rules: {
      "@typescript-eslint/no-restricted-imports": restrictedImports(
        { paths: DRIVERS, patterns: [DEV, MASTODON_INTERNALS, PG_ROOM, GENERATED] },
        { paths: PRISMA },
      ),
      "no-restricted-syntax": [
        "error",
        ...sqlRule(SQL_NAMING_A_TABLE, "SQL belongs in lib/mastodon (Mastodon's tables) or lib/store (Howdah's)."),
      ],
    },
  },
  // lib/mastodon: the gateway. It may hold drivers and name Mastodon's tables, but not Howdah's.
  {
    files: ["lib/mastodon/**/*.ts"],
    ignores: TESTS,
    rules: {
      "@typescript-eslint/no-restricted-imports": restrictedImports({ paths: PRISMA, patterns: [DEV, GENERATED] }),
      "no-restricted-syntax": ["error", ...sqlRule(SQL_ON_HOWDAH, "Howdah's own tables are lib/store's.")],
    },
  },
  // lib/store: Howdah's own tables. PostgreSQL and Prisma, never Mastodon's tables or Redis.
  {
    files: ["lib/store/**/*.ts"],
    ignores: TESTS,
    rules: {
      "@typescript-eslint/no-restricted-imports": restrictedImports({
        paths: [DRIVERS[1]],
        patterns: [DEV, MASTODON_INTERNALS],
      }),
      "no-restricted-syntax": "off",
    },
  },
  // lib/pg: pool and transaction helpers, for the two rooms that hold PostgreSQL connections.
  {
    files: ["lib/pg/**/*.ts"],
    ignores: TESTS,
    rules: { "@typescript-eslint/no-restricted-imports": restrictedImports({ patterns: [DEV] }) },
  },
  // lib/jobs: BullMQ's own Redis connection (Howdah's queue, under Howdah's prefix).
  {
    files: ["lib/jobs/**/*.ts"],
    ignores: TESTS,
    rules: {
      "@typescript-eslint/no-restricted-imports": restrictedImports({
        paths: [DRIVERS[0], ...PRISMA],
        patterns: [DEV, MASTODON_INTERNALS, PG_ROOM, GENERATED],
      }),
    },
  },
  // components: presentation only. Types may come from anywhere; code only from lib/shared and lib/client.
  {
    files: ["components/**/*.{ts,tsx}"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          paths: [...DRIVERS, ...PRISMA].map((p) => ({ ...p, allowTypeImports: true })),
          patterns: [
            DEV,
            {
              regex: "^@/lib/(?!shared/|client/)",
              allowTypeImports: true,
              message:
                "Components import code only from lib/shared and lib/client; take data as props or through a hook.",
            },
          ],
        },
      ],
    },
  },
  // Server modules say so.
  {
    files: ["lib/**/*.ts"],
    ignores: [...TESTS, "lib/shared/**", "lib/client/**"],
    rules: { "howdah/require-server-only": "error" },
  },
);
