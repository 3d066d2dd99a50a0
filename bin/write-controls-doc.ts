#!/usr/bin/env node
/**
 * `npx tsx bin/write-controls-doc.ts`: regenerates docs/controls.md from the promise catalog, Rampart's
 * own checks and the published policy numbers. With `--check` it writes nothing and exits 1 when
 * the file on disk differs (for CI); a test makes the same comparison.
 */
import { existsSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { ownChecks } from '../lib/checks/own-checks';
import { CONTROLS_DOC_COMMAND, CONTROLS_DOC_PATH, renderControlsDoc } from '../lib/docs/controls-doc';
import { CATALOG } from '../lib/promises/catalog';
import { PUBLISHED_POLICY } from '../lib/promises/policy-numbers';

const args = process.argv.slice(2);
const unknown = args.filter((arg) => arg !== '--check');
if (unknown.length > 0) {
  process.stderr.write(`usage: ${CONTROLS_DOC_COMMAND} [--check]\nunknown argument(s): ${unknown.join(' ')}\n`);
  process.exit(2);
}

const path = join(__dirname, '..', CONTROLS_DOC_PATH);
const text = renderControlsDoc(CATALOG, ownChecks(), PUBLISHED_POLICY);

if (args.includes('--check')) {
  const onDisk = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  if (onDisk !== text) {
    const why = onDisk === undefined ? 'is missing' : 'is stale (it differs from the catalog)';
    process.stderr.write(`${CONTROLS_DOC_PATH} ${why}: run \`${CONTROLS_DOC_COMMAND}\` and commit the result\n`);
    process.exit(1);
  }
  process.stdout.write(`${CONTROLS_DOC_PATH} is up to date\n`);
} else {
  writeFileSync(path, text);
  process.stdout.write(`wrote ${CONTROLS_DOC_PATH}\n`);
}
