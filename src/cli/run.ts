/**
 * The edge where errors become messages: every command runs through `runCommand`, which prints a
 * coded error as one readable line and sets a non-zero exit status, never a stack trace.
 */
import { existsSync } from 'node:fs';
import { isPolicyQaError } from '../errors.js';

export async function runCommand(main: () => Promise<void>): Promise<void> {
  try {
    // Settings from a local .env file, if any; variables already set in the shell win.
    if (existsSync('.env')) process.loadEnvFile('.env');
    await main();
  } catch (error) {
    if (isPolicyQaError(error)) {
      console.error(`error [${error.code}]: ${error.message}`);
    } else {
      console.error(`error: ${(error as Error)?.message ?? String(error)}`);
      if (process.env.DEBUG) console.error(error);
    }
    process.exitCode = 1;
  }
}
