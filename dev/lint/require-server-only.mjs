/**
 * Server modules start with `import "server-only"`, so that a client
 * component importing one (and with it a pool, a secret or a Redis key)
 * fails the build instead of shipping it to the browser. Files that are
 * meant for both sides live in lib/shared or lib/client and are exempt
 * (see eslint.config.mjs).
 */
export const requireServerOnly = {
  meta: {
    type: "problem",
    docs: { description: 'server modules must start with import "server-only"' },
    messages: {
      missing:
        'A server module starts with `import "server-only"`. ' +
        "If this file is meant for the browser too, it belongs in lib/shared (or lib/client for hooks).",
    },
    schema: [],
  },
  create(context) {
    return {
      Program(node) {
        const first = node.body.find((s) => s.type !== "ExpressionStatement" || !s.directive);
        const ok = first && first.type === "ImportDeclaration" && first.source.value === "server-only";
        if (!ok) context.report({ node: first ?? node, messageId: "missing" });
      },
    };
  },
};

export default { rules: { "require-server-only": requireServerOnly } };
