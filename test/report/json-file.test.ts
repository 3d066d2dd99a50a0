import { mkdtempSync, readFileSync, statSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { LazyJsonArray, writeJsonFile } from '../../lib/report/json-file';

/** writeJsonFile writes what JSON.stringify(value, null, 2) and a newline would, byte for byte, in pieces. */
describe('writeJsonFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-json-file-'));
  const written = (value: unknown): string => {
    const path = join(dir, 'out.json');
    writeJsonFile(path, value);
    return readFileSync(path, 'utf8');
  };

  test.each([
    ['a string', 'text'],
    ['null', null],
    ['an empty object and array', { a: {}, b: [] }],
    ['values JSON.stringify leaves out of objects and nulls in arrays', { a: undefined, b: () => 1, c: [undefined, () => 1, 1] }],
    ['an object whose every key is left out', { a: { b: undefined } }],
    ['strings with newlines, quotes and non-ASCII', { 'key\n"x"': ['line\nbreak', 'é ü 🙂', '\u2028'] }],
    ['a toJSON value', { at: new Date(0), nested: [{ at: new Date(1) }] }],
    [
      'long arrays deep below the skeleton and a deep skeleton',
      { a: [{ b: [{ c: [{ d: Array.from({ length: 150 }, (_, i) => ({ i, v: [i, `s${i}`, { x: null }] })) }] }] }] },
    ],
  ])('GIVEN %s THEN the file is JSON.stringify(value, null, 2) and a newline', (_name, value) => {
    expect(written(value)).toBe(`${JSON.stringify(value, null, 2)}\n`);
  });

  test('GIVEN a value of several megabytes THEN the pieces join into the same text', () => {
    const value = { observations: Array.from({ length: 20000 }, (_, i) => ({ uuid: `u${i}`, text: 'x'.repeat(100), list: [i, i + 1] })) };
    expect(written(value)).toBe(`${JSON.stringify(value, null, 2)}\n`);
  });

  describe('a LazyJsonArray', () => {
    const lazy = (length: number, made: number[] = []) =>
      new LazyJsonArray(length, (i) => {
        made.push(i);
        return { i, text: `entry ${i}`, nested: [i, { deep: i % 2 === 0 ? null : undefined }] };
      });

    test.each([
      ['at the root', () => lazy(3)],
      ['empty', () => ({ list: lazy(0) })],
      ['in the skeleton', () => ({ a: { list: lazy(4), after: 1 } })],
      ['below the skeleton, short', () => ({ a: [{ b: [{ c: { list: lazy(2) } }] }] })],
      ['below the skeleton, long', () => ({ a: [{ b: [{ c: { list: lazy(150) } }] }] })],
    ])('GIVEN one %s THEN the file is JSON.stringify of its entries, byte for byte', (_name, value) => {
      expect(written(value())).toBe(`${JSON.stringify(value(), null, 2)}\n`);
    });

    test('GIVEN one being written THEN each entry is made once, in order, while the entries before it are written', () => {
      const path = join(dir, 'lazy.json');
      const made: number[] = [];
      let writtenBeforeLast = -1;
      const value = {
        list: new LazyJsonArray(300, (i) => {
          made.push(i);
          // 300 entries of 10 kB: the file has its first megabyte before the last entry is made.
          if (i === 299) writtenBeforeLast = statSync(path).size;
          return { i, text: 'x'.repeat(10_000) };
        }),
      };
      expect(made).toEqual([]);
      writeJsonFile(path, value);
      expect(made).toEqual(Array.from({ length: 300 }, (_, i) => i));
      expect(writtenBeforeLast).toBeGreaterThan(0);
      expect(readFileSync(path, 'utf8')).toBe(`${JSON.stringify(value, null, 2)}\n`);
    });
  });
});
