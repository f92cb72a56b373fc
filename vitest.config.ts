import { defineConfig } from "vitest/config";

export default defineConfig({
  // Vite transforms .ts, .mts and .tsx by default; src/cli/launch.cts is TypeScript too.
  oxc: { include: /\.(m?ts|cts|tsx)$/ },
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});
