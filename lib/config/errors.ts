import { ConfigIssue, formatIssue } from './issues';

/**
 * Thrown for anything wrong with a config file. Carries every issue found, so the user fixes them
 * all in one round; the entry points print `message` (no stack trace) and exit non-zero.
 */
export class ConfigError extends Error {
  constructor(
    public readonly source: string,
    public readonly issues: readonly ConfigIssue[],
  ) {
    super(
      [
        `${source}: ${issues.length} problem${issues.length === 1 ? '' : 's'} in the Rampart config`,
        ...issues.map((i) => `  - ${formatIssue(i)}`),
      ].join('\n'),
    );
    this.name = 'ConfigError';
  }

  /** The one-line messages, in document order; what the config tests assert on. */
  get lines(): string[] {
    return this.issues.map(formatIssue);
  }
}
