import { NoStackSelectedError } from './stack-selection';
import { ConfigError } from '../config/errors';

/**
 * Runs `load` and, on a config mistake, prints the collected problems (no stack trace: the problem
 * is in the user's YAML, not in Rampart) and exits with code 2. Other errors propagate: those are bugs.
 */
export function exitOnConfigError<T>(load: () => T): T {
  try {
    return load();
  } catch (error) {
    // A selection that matches no stack is the same kind of mistake: named, exit 2, no stack trace.
    if (error instanceof ConfigError || error instanceof NoStackSelectedError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
}
