import { spawnSync } from 'child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

/**
 * exitWhenIdle in a real process (it ends the process): asynchronous writes pending when it is called
 * finish (as tsx's cache writes must), a handle that would keep the process alive does not, and the
 * process does not wait for the grace period when nothing is left to do.
 */
const ROOT = join(__dirname, '..', '..');

function runScript(body: string): { status: number | null; ms: number; stdout: string } {
  const started = Date.now();
  const script = `const { exitWhenIdle } = require(${JSON.stringify(join(ROOT, 'lib', 'app', 'exit-when-idle'))});\n${body}`;
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--eval', script], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, ms: Date.now() - started, stdout: result.stdout };
}

describe('exitWhenIdle', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-exit-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('GIVEN writes still pending WHEN it is called THEN they finish and the process exits with the code, without waiting out the grace', () => {
    const file = join(dir, 'written.json');
    const { status, ms } = runScript(`require('fs').promises.writeFile(${JSON.stringify(file)}, '{"done":true}');\nexitWhenIdle(3, 30_000);`);
    expect(status).toBe(3);
    expect(existsSync(file) && readFileSync(file, 'utf8')).toBe('{"done":true}');
    expect(ms).toBeLessThan(25_000);
  });

  test('GIVEN a handle that keeps the process alive WHEN it is called THEN the process still exits, with the code and all its output', () => {
    const { status, stdout } = runScript(`setInterval(() => {}, 1000);\nprocess.stdout.write('x'.repeat(1 << 20));\nexitWhenIdle(4, 100);`);
    expect(status).toBe(4);
    expect(stdout.length).toBe(1 << 20);
  });
});
