/**
 * The deploy test on moto_server (test/deploy/*.deploy.ts), apart from `npm test`: it packages the stack, deploys
 * it on moto and waits out a hanging source's full 30 s fetch window, about a minute and a half in all.
 * `.ci/run` runs it after `npm test`:  npx vitest run --config test/deploy/vitest.config.ts
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/deploy/**/*.deploy.ts'],
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: 'forks',
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
