import { closeSync, openSync, writeSync } from 'fs';

/**
 * Writes `JSON.stringify(value, null, 2)` and a newline to a file, byte for byte, without holding
 * the whole text: at a thousand tenants the OSCAL file alone is over 300 MB, which as one string,
 * and again as the buffer written from it, doubled the review's peak memory. The skeleton near the
 * root and every long array are written entry by entry; each entry below them is one
 * JSON.stringify, indented to its depth.
 *
 * Only plain data is written this way (what the review documents are): objects without `toJSON`,
 * arrays, LazyJsonArray, strings, numbers, booleans and null; anything else falls to JSON.stringify
 * as a whole.
 */

/**
 * An array whose entries are made one at a time as the file is written, then dropped: at a thousand
 * tenants the OSCAL document has over 100,000 observations, and making them all before writing the
 * first one held them all at once (about 100 MB, and seconds of garbage collection moving them).
 * JSON.stringify sees the entries through `toJSON`, so a value holding one stringifies as the array.
 */
export class LazyJsonArray<T> {
  public constructor(
    public readonly length: number,
    private readonly entry: (index: number) => T,
  ) {}

  public toJSON(): T[] {
    return Array.from({ length: this.length }, (_, index) => this.entry(index));
  }

  /** Each entry, made now. */
  public forEach(visit: (entry: T, index: number) => void): void {
    for (let index = 0; index < this.length; index++) visit(this.entry(index), index);
  }
}

/** Objects and arrays this close to the root are split into their entries. */
const SKELETON_DEPTH = 4;
/** Arrays at least this long are split at any depth (the evidence, observations and results lists). */
const LONG_ARRAY = 100;
/** Text is handed to the file in pieces of about this many characters. */
const CHUNK = 1 << 20;

type Write = (text: string) => void;

/** JSON.stringify leaves these out of an object, and writes them as null in an array. */
const omitted = (value: unknown): boolean => value === undefined || typeof value === 'function' || typeof value === 'symbol';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { toJSON?: unknown }).toJSON !== 'function';
}

/**
 * One JSON.stringify of `value`, indented as an entry `indent` deep. JSON.stringify indents from its
 * root only, so the value is wrapped in as many one-element arrays as it is deep and the wrappers'
 * text is cut off (d levels: d^2 + 3d characters before the value, d^2 + d after it), which costs
 * less than re-indenting every line of hundreds of megabytes.
 */
function whole(value: unknown, indent: string, write: Write): void {
  const depth = indent.length / 2;
  let wrapped = value;
  for (let level = 0; level < depth; level++) wrapped = [wrapped];
  const text = JSON.stringify(wrapped, null, 2);
  write(depth === 0 ? text : text.slice(depth * depth + 3 * depth, text.length - (depth * depth + depth)));
}

function emit(value: unknown, indent: string, depth: number, write: Write): void {
  const inner = `${indent}  `;
  const split = value instanceof LazyJsonArray || (Array.isArray(value) && (depth < SKELETON_DEPTH || value.length >= LONG_ARRAY));
  if (split && value.length > 0) {
    (value as { forEach(visit: (entry: unknown, index: number) => void): void }).forEach((item, i) => {
      write(i === 0 ? `[\n${inner}` : `,\n${inner}`);
      emit(omitted(item) ? null : item, inner, depth + 1, write);
    });
    write(`\n${indent}]`);
    return;
  }
  if (isPlainObject(value) && depth < SKELETON_DEPTH) {
    const keys = Object.keys(value).filter((key) => !omitted(value[key]));
    if (keys.length > 0) {
      keys.forEach((key, i) => {
        write(`${i === 0 ? '{' : ','}\n${inner}${JSON.stringify(key)}: `);
        emit(value[key], inner, depth + 1, write);
      });
      write(`\n${indent}}`);
      return;
    }
  }
  whole(value, indent, write);
}

/** Every byte of `text`: writeSync may write less than it is given. */
function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  for (let done = 0; done < bytes.length;) done += writeSync(fd, bytes, done, bytes.length - done);
}

/** `writeFileSync(path, JSON.stringify(value, null, 2) + '\n')`, written in pieces. */
export function writeJsonFile(path: string, value: unknown): void {
  const fd = openSync(path, 'w');
  try {
    let pending = '';
    const write: Write = (text) => {
      pending += text;
      if (pending.length >= CHUNK) {
        writeAll(fd, pending);
        pending = '';
      }
    };
    emit(value, '', 0, write);
    writeAll(fd, `${pending}\n`);
  } finally {
    closeSync(fd);
  }
}
