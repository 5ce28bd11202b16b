import type { NextConfig } from "next";

const config: NextConfig = {
  // forbidden() renders the shell's 403 page (app/(admin)/forbidden.tsx).
  experimental: { authInterrupts: true },
  // Native and server-only packages stay as Node requires, not bundled.
  serverExternalPackages: ["pg", "ioredis", "bullmq", "@prisma/client", "@prisma/adapter-pg", "bcryptjs", "piscina"],
  poweredByHeader: false,
  // The build type-checks, so `npm run build` alone can never ship a type error.
  typescript: { ignoreBuildErrors: false },
  typedRoutes: false,
};

export default config;
