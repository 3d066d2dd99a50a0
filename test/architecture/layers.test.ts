import { readdirSync, readFileSync, statSync } from 'fs';
import { dirname, join, relative, resolve } from 'path';

/**
 * Layers import one way only: a folder of lib/ may import its own files and the layers below it,
 * never a layer above. promises <- config <- plan <- (nag) <- constructs <- ... <- app <- bin.
 * Folders on the same line are one layer and must not import each other.
 */
const LAYERS: readonly (readonly string[])[] = [
  ['promises'],
  ['config'],
  ['plan'],
  ['nag'],
  ['constructs', 'organization-policies'],
  ['guards'],
  ['stacks', 'gcp', 'offboarding'],
  ['verify'],
  // Prices a build from its templates, as the verifier reads them; the review summarizes it.
  ['cost'],
  ['checks', 'report'],
  ['app', 'docs'],
  ['bench'],
];
const ROOT = join(__dirname, '..', '..');
const LIB = join(ROOT, 'lib');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const layerOf = (folder: string): number => LAYERS.findIndex((layer) => layer.includes(folder));
const folderOf = (file: string): string => relative(LIB, file).split('/')[0];

/** Every relative import (or lazy `require`) of a lib/ file that runs up a layer (or across one), as `file: from -> to`. */
function upwardImports(sources: readonly { readonly file: string; readonly text: string }[]): string[] {
  return sources.flatMap(({ file, text }) => {
    const from = folderOf(file);
    return [...text.matchAll(/(?:from |require\()'(\.[^']+)'/g)]
      .map((m) => resolve(dirname(file), m[1]))
      .filter((target) => target.startsWith(LIB + '/'))
      .map((target) => folderOf(target))
      .filter((to) => to !== from && !(layerOf(to) >= 0 && layerOf(to) < layerOf(from)))
      .map((to) => `${relative(ROOT, file)}: ${from} -> ${to}`);
  });
}

describe('layers', () => {
  const files = filesUnder(LIB);

  test('GIVEN every folder of lib/ THEN each belongs to exactly one layer', () => {
    const folders = [...new Set(files.map(folderOf))].sort();
    expect(folders.filter((f) => layerOf(f) < 0)).toEqual([]);
  });

  test('GIVEN every import in lib/ THEN none runs back up a layer', () => {
    expect(upwardImports(files.map((file) => ({ file, text: readFileSync(file, 'utf8') })))).toEqual([]);
  });

  test('GIVEN a construct importing a stack, or config importing a construct THEN each is reported with its direction', () => {
    const fake = [
      { file: join(LIB, 'constructs', 'fake.ts'), text: "import { PlatformStack } from '../stacks/platform-stack';" },
      { file: join(LIB, 'config', 'fake.ts'), text: "import { X } from '../constructs/backup';\nimport { Y } from './schema';" },
    ];
    expect(upwardImports(fake)).toEqual(['lib/constructs/fake.ts: constructs -> stacks', 'lib/config/fake.ts: config -> constructs']);
    // A lazy require counts like an import.
    const lazy = [{ file: join(LIB, 'plan', 'fake.ts'), text: "const app = require('../app/build-app') as typeof import('../app/build-app');" }];
    expect(upwardImports(lazy)).toEqual(['lib/plan/fake.ts: plan -> app']);
  });
});

describe('file size', () => {
  test('GIVEN lib/ THEN no file is over 300 lines', () => {
    const long = filesUnder(LIB)
      .map((file) => [relative(ROOT, file), readFileSync(file, 'utf8').split('\n').length] as const)
      .filter(([, lines]) => lines > 301);
    expect(long).toEqual([]);
  });
});
