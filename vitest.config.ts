import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Polls wait on real processes (the local stack, Chromium); on a loaded 2-core machine one second
    // is not enough for a page to render. A poll still fails when the awaited thing never happens.
    expect: { poll: { timeout: 20_000, interval: 100 } },
    // e2e and data tests spawn processes and open dynalite directories; keep files isolated.
    pool: "forks",
    // Local IAM reads the synthesized template; synthesize it once here rather than in every worker at once.
    globalSetup: ["test/global-setup.ts"],
    env: { AWS_REGION: "us-east-1", AWS_ACCESS_KEY_ID: "local", AWS_SECRET_ACCESS_KEY: "local", POWERTOOLS_DEV: "true", HIREPATH_CHECK_RESPONSES: "1" },
  },
});
