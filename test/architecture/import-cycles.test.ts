import { existsSync, readdirSync, readFileSync, statSync } from 'fs';
import { dirname, join, relative, resolve } from 'path';

/**
 * No two project modules import each other, directly or around a loop. The CLI and `npm run synth`
 * run one esbuild bundle (bin/run-bundled.cjs), whose modules share one scope; the tests load the same
 * files one by one (Jest). In a cycle the two can differ (a hoisted function in the bundle, an
 * `undefined` export one by one), so a behaviour tested would not be the one deployed. Counted: every
 * relative `import`/`export ... from` and `require()` but those of types only (`import type`,
 * `export type`, `import { type A }`), which TypeScript removes.
 */
const ROOT = join(__dirname, '..', '..');

function sourcesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourcesUnder(path) : path.endsWith('.ts') && !path.endsWith('.d.ts') ? [path] : [];
  });
}

/** The file a relative specifier names (`./x` is x.ts or x/index.ts); undefined for anything else. */
function resolveSource(from: string, specifier: string): string | undefined {
  const base = resolve(dirname(from), specifier);
  return [`${base}.ts`, join(base, 'index.ts')].find((path) => existsSync(path));
}

/** The project files `text` (of `file`) imports for their values. */
function valueImports(file: string, text: string): string[] {
  const specifiers: string[] = [];
  for (const m of text.matchAll(/^\s*(import|export)\s+(type\s+)?([^;]*?)\s*from\s+'(\.[^']+)'/gm)) {
    const names = /\{([^}]*)\}/.exec(m[3]);
    const onlyTypes =
      names !== null &&
      !/[*]/.test(m[3].replace(names[0], '')) &&
      m[3].replace(names[0], '').trim().replace(/,$/, '') === '' &&
      names[1]
        .split(',')
        .map((n) => n.trim())
        .filter((n) => n !== '')
        .every((n) => n.startsWith('type '));
    if (m[2] === undefined && !onlyTypes) specifiers.push(m[4]);
  }
  for (const m of text.matchAll(/\brequire\('(\.[^']+)'\)/g)) specifiers.push(m[1]);
  for (const m of text.matchAll(/^\s*import\s+'(\.[^']+)'/gm)) specifiers.push(m[1]);
  return specifiers.map((s) => resolveSource(file, s)).filter((path): path is string => path !== undefined);
}

/** Every import cycle among `graph`'s files, each as its files in order (the first repeated at the end). */
function cyclesOf(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string): void => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (state.get(next) === undefined) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of [...graph.keys()].sort()) if (state.get(file) === undefined) visit(file);
  return cycles;
}

describe('import cycles', () => {
  test('GIVEN every module of lib/ and bin/ THEN none imports itself around a loop', () => {
    const files = [...sourcesUnder(join(ROOT, 'lib')), ...sourcesUnder(join(ROOT, 'bin'))];
    const graph = new Map(files.map((file) => [file, valueImports(file, readFileSync(file, 'utf8'))]));
    expect(graph.size).toBeGreaterThan(100);
    expect(cyclesOf(graph).map((cycle) => cycle.map((file) => relative(ROOT, file)).join(' -> '))).toEqual([]);
  });

  test('GIVEN two modules importing each other (one lazily) THEN the loop is reported; types only are not', () => {
    const a = join(ROOT, 'lib', 'app', 'build-app.ts');
    const b = join(ROOT, 'lib', 'app', 'stack-selection.ts');
    const c = join(ROOT, 'lib', 'app', 'progress.ts');
    expect(valueImports(b, "const x = require('./build-app') as typeof import('./build-app');")).toEqual([a]);
    expect(valueImports(c, "import type { X } from './build-app';\nimport { type Y, type Z } from './stack-selection';")).toEqual([]);
    expect(valueImports(c, "import {\n  type Y,\n  EVERYTHING,\n} from './stack-selection';")).toEqual([b]);
    const graph = new Map([
      [a, [b]],
      [b, [a]],
      [c, [a]],
    ]);
    expect(cyclesOf(graph)).toEqual([[a, b, a]]);
  });
});
