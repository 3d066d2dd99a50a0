/** IPv4 CIDR arithmetic for the verifier (it reads templates, so it cannot reuse the config's allocator). */
function parse(cidr: string): { start: number; end: number } | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(cidr);
  if (m === null) return undefined;
  const base = ((+m[1] << 24) >>> 0) + (+m[2] << 16) + (+m[3] << 8) + +m[4];
  const size = 2 ** (32 - +m[5]);
  const start = base - (base % size);
  return { start, end: start + size - 1 };
}

/** True when two IPv4 CIDR blocks share an address; false when either is not a literal CIDR. */
export function cidrsOverlap(a: string, b: string): boolean {
  const x = parse(a);
  const y = parse(b);
  return x !== undefined && y !== undefined && x.start <= y.end && y.start <= x.end;
}
