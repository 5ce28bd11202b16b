import type { NextConfig } from "next";

const config: NextConfig = {
  // forbidden() renders app/forbidden.tsx with a 403 status.
  experimental: { authInterrupts: true },
  // Native and server-only packages stay as Node requires, not bundled.
  serverExternalPackages: ["pg", "ioredis", "bullmq", "@prisma/client", "@prisma/adapter-pg", "bcryptjs"],
  poweredByHeader: false,
  // `npm test` type-checks the whole project with tsc once; the build (which
  // the demo also runs) need not do it again.
  typescript: { ignoreBuildErrors: true },
  typedRoutes: false,
};

export default config;
