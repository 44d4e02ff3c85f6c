// `pnpm test`: build, then every workspace's tests against real PostgreSQL, Redis and Chromium,
// ending with one line `N passed, N failed` for the whole run.
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { assertServicesReachable, ROOT, run, runOrExit } from './lib.mjs';

const results = join(ROOT, '.test-results');
rmSync(results, { recursive: true, force: true });
mkdirSync(results);

await assertServicesReachable({
  DATABASE_URL: process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432',
  REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
});
await runOrExit('pnpm', ['build']);

function vitestSuite(name, pkg) {
  const report = join(results, `${name}.json`);
  return {
    name,
    command: [
      'pnpm',
      '--filter',
      pkg,
      'exec',
      'vitest',
      'run',
      '--reporter=default',
      '--reporter=json',
      `--outputFile=${report}`,
    ],
    report,
  };
}

const suites = [
  {
    name: 'api',
    command: [
      'pnpm',
      '--filter',
      '@syncline/api',
      'exec',
      'jest',
      '--ci',
      '--json',
      `--outputFile=${join(results, 'api.json')}`,
    ],
    report: join(results, 'api.json'),
  },
  vitestSuite('admin', '@syncline/admin'),
  vitestSuite('simulator', '@syncline/simulator'),
  vitestSuite('sdk', '@syncline/sdk'),
];

let passed = 0;
let failed = 0;
for (const suite of suites) {
  console.log(`\n▶ ${suite.name} tests`);
  const code = await run(suite.command[0], suite.command.slice(1));
  try {
    const report = JSON.parse(readFileSync(suite.report, 'utf8'));
    passed += report.numPassedTests;
    failed += report.numFailedTests;
    // A suite that crashed (or failed to load) counts as a failure even if no test inside it failed.
    if (code !== 0 && report.numFailedTests === 0) failed += 1;
  } catch {
    console.error(`✖ ${suite.name}: no test report (exit ${code})`);
    failed += 1;
  }
}

console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
