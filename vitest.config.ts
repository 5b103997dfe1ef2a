import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // e2e and data tests spawn processes and open dynalite directories; keep files isolated.
    pool: "forks",
    env: { AWS_REGION: "us-east-1", AWS_ACCESS_KEY_ID: "local", AWS_SECRET_ACCESS_KEY: "local", POWERTOOLS_DEV: "true", HIREPATH_CHECK_RESPONSES: "1" },
  },
});
