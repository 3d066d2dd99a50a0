/**
 * A problem found in a config file, located by its path inside the document.
 * `received` is the offending value as the user wrote it (undefined when the key is missing).
 */
export interface ConfigIssue {
  readonly path: readonly (string | number)[];
  readonly message: string;
  readonly received?: unknown;
  /** False when the message already says what was received (e.g. an unknown key). */
  readonly showReceived?: boolean;
}

/** `tenants[3].residency`, as users read paths in YAML. */
export function formatPath(path: readonly (string | number)[]): string {
  if (path.length === 0) return '(top level)';
  return path.map((part, index) => (typeof part === 'number' ? `[${part}]` : index === 0 ? part : `.${part}`)).join('');
}

function formatValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  const json = JSON.stringify(value);
  return json.length > 80 ? `${json.slice(0, 77)}...` : json;
}

/** One line per issue: `accounts.platform: expected 12 digits, got "12ab"`. */
export function formatIssue(issue: ConfigIssue): string {
  const head = issue.path.length === 0 ? issue.message : `${formatPath(issue.path)}: ${issue.message}`;
  return issue.showReceived === false ? head : `${head}, got ${formatValue(issue.received)}`;
}

/** Reads the value at `path` in a parsed document, or undefined if any step is missing. */
export function valueAt(document: unknown, path: readonly (string | number)[]): unknown {
  let current: unknown = document;
  for (const part of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[part];
  }
  return current;
}
