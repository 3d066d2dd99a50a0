import { z } from 'zod';
import { ConfigIssue, formatPath, valueAt } from './issues';
import { RETIRED_KEYS } from './retired-keys';

/**
 * Turns zod's issues into Rampart's: path, a message a platform engineer understands, and the value
 * received, read back from the document the user wrote.
 */

type Path = readonly (string | number)[];

/** The keys a strict object accepts at `path`, used to suggest a fix for a misspelled key. */
function knownKeysAt(schema: z.ZodType, path: Path): string[] {
  let current: z.ZodType | undefined = schema;
  const unwrap = (s: z.ZodType): z.ZodType => {
    let inner = s;
    while (inner instanceof z.ZodOptional || inner instanceof z.ZodDefault) {
      inner = inner.unwrap() as z.ZodType;
    }
    return inner;
  };
  for (const part of path) {
    if (current === undefined) return [];
    const inner = unwrap(current);
    if (typeof part === 'number' && inner instanceof z.ZodArray) current = inner.element as z.ZodType;
    else if (typeof part === 'string' && inner instanceof z.ZodObject) current = inner.shape[part] as z.ZodType;
    else return [];
  }
  const target = current === undefined ? undefined : unwrap(current);
  return target instanceof z.ZodObject ? Object.keys(target.shape) : [];
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

function unknownKeyMessage(key: string, known: string[]): string {
  const closest = known.map((candidate) => ({ candidate, distance: editDistance(key, candidate) })).sort((x, y) => x.distance - y.distance)[0];
  const suggestion = closest && closest.distance <= Math.max(2, Math.floor(key.length / 3)) ? `; did you mean "${closest.candidate}"?` : '';
  return `unknown key${suggestion} (allowed: ${known.join(', ')})`;
}

function typeMessage(issue: z.core.$ZodIssue): string {
  if (issue.code !== 'invalid_type') return issue.message;
  switch (issue.expected) {
    case 'object':
      return 'expected a mapping (key: value pairs)';
    case 'array':
      return 'expected a list';
    default:
      return issue.message.replace(/^Invalid input: /, '').replace(/, received \w+$/, '');
  }
}

export function fromZodIssues(schema: z.ZodType, issues: readonly z.core.$ZodIssue[], document: unknown): ConfigIssue[] {
  return issues.flatMap((issue): ConfigIssue[] => {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      const known = knownKeysAt(schema, path);
      return issue.keys.map((key) => ({
        path: [...path, key],
        message: RETIRED_KEYS[formatPath([...path, key])] ?? unknownKeyMessage(key, known),
        showReceived: false,
      }));
    }
    const received = valueAt(document, path);
    if (received === undefined) {
      return [{ path, message: `is required (${typeMessage(issue)})`, showReceived: false }];
    }
    return [{ path, message: typeMessage(issue), received }];
  });
}
