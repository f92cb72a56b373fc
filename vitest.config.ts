import { defineConfig } from "vitest/config";

export default defineConfig({
  // Vite's cache, out of node_modules: a change there makes npm's hidden lockfile stale, and each
  // npx then reads every installed package.json again (~40 ms of every `npx infer`).
  cacheDir: ".cache/vite",
  // Vite transforms .ts, .mts and .tsx by default; src/cli/launch.cts is TypeScript too.
  oxc: { include: /\.(m?ts|cts|tsx)$/ },
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});
