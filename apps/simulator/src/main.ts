#!/usr/bin/env node
// The simulator as a process: `node apps/simulator/dist/main.js --port 4010 --seed-count 1000`.
import { flagFor, parseCommandLine, USAGE } from './cli-options';
import { SimError } from './errors';
import { createSimulator } from './simulator';

async function main(): Promise<void> {
  const options = parseCommandLine(process.argv.slice(2), process.env);
  if (options === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const simulator = await createSimulator(options);
  const { collections, seedCount, tokens, rateLimitPerSecond, mutateEveryMs } = simulator.state.options;
  process.stdout.write(
    `syncline-simulator listening on ${simulator.url}: ${collections.join(', ')} × ${seedCount} records, ` +
      `${tokens.length} token(s), rate limit ${rateLimitPerSecond || 'off'}/s, ` +
      `mutations ${mutateEveryMs ? `every ${mutateEveryMs} ms` : 'off'}\n`,
  );
  const stop = (signal: NodeJS.Signals): void => {
    simulator.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`syncline-simulator: shutdown after ${signal} failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  if (error instanceof SimError) {
    const details = (error.details ?? []).map(({ field, reason }) => `\n  ${flagFor(field)} ${reason}`).join('');
    process.stderr.write(`syncline-simulator: ${error.message}${details}\n\n${USAGE}\n`);
    process.exit(2);
  }
  process.stderr.write(
    `syncline-simulator: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
