import { readFileSync } from 'fs';
import { parseDocument } from 'yaml';
import { awsPartComplete, crossFieldIssues } from './cross-field-rules';
import { ConfigError } from './errors';
import { ConfigIssue } from './issues';
import { RampartConfig, rampartConfigSchema } from './schema';
import { fromZodIssues } from './zod-issues';

/** The config the main job synthesizes when none is selected. */
export const DEFAULT_CONFIG_PATH = 'config/default.yaml';

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

/** Validates an already-parsed document. Throws ConfigError listing every problem at once. */
export function parseConfig(document: unknown, source = '(inline config)'): RampartConfig {
  const result = rampartConfigSchema.safeParse(document);
  const issues: ConfigIssue[] = [
    ...(result.success ? [] : fromZodIssues(rampartConfigSchema, result.error.issues, document)),
    ...(document !== null && typeof document === 'object' && !Array.isArray(document) ? awsPartComplete(document as Record<string, unknown>) : []),
    // Cross-field rules see defaults when the shape is valid, the raw document otherwise.
    ...crossFieldIssues(result.success ? result.data : document),
  ];
  if (issues.length > 0 || !result.success) throw new ConfigError(source, issues);
  return deepFreeze(result.data);
}

/** Parses YAML text, reporting syntax errors with line and column. */
export function parseConfigText(text: string, source: string): RampartConfig {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      source,
      doc.errors.map((e) => ({
        path: [],
        // With prettyErrors the message ends in "at line L, column C:" followed by a code frame.
        message: `YAML syntax error: ${e.message.split('\n')[0].replace(/:$/, '')}`,
        showReceived: false,
      })),
    );
  }
  return parseConfig(doc.toJS(), source);
}

export function loadConfig(path: string = DEFAULT_CONFIG_PATH): RampartConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigError(path, [
      { path: [], message: `cannot read the config file (${(e as NodeJS.ErrnoException).code ?? 'error'})`, showReceived: false },
    ]);
  }
  return parseConfigText(text, path);
}
