/**
 * IPv4 CIDR arithmetic for config validation and tenant VPC allocation. Addresses are plain
 * numbers (0 .. 2^32 - 1); a block is its first address and its prefix length.
 */

export interface Ipv4Block {
  /** First address of the block, as an unsigned 32-bit number. */
  readonly base: number;
  /** Prefix length, 0..32. */
  readonly prefix: number;
}

const CIDR_PATTERN = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Parses `a.b.c.d/n`; undefined when it is not a valid IPv4 CIDR (host bits may be set). */
export function parseCidr(text: string): { address: number; prefix: number } | undefined {
  const match = CIDR_PATTERN.exec(text);
  if (match === null) return undefined;
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  return { address: ((octets[0] << 24) >>> 0) + (octets[1] << 16) + (octets[2] << 8) + octets[3], prefix };
}

/** Number of addresses in a block of this prefix length. */
export function blockSize(prefix: number): number {
  return 2 ** (32 - prefix);
}

/** The network address of `address/prefix` (host bits cleared). */
export function networkOf(address: number, prefix: number): number {
  return address - (address % blockSize(prefix));
}

/** The block written as `text`, or undefined unless it is a valid CIDR whose host bits are zero. */
export function parseBlock(text: string): Ipv4Block | undefined {
  const parsed = parseCidr(text);
  if (parsed === undefined || networkOf(parsed.address, parsed.prefix) !== parsed.address) return undefined;
  return { base: parsed.address, prefix: parsed.prefix };
}

export function formatBlock(block: Ipv4Block): string {
  const a = block.base;
  return `${Math.floor(a / 2 ** 24) % 256}.${Math.floor(a / 2 ** 16) % 256}.${Math.floor(a / 2 ** 8) % 256}.${a % 256}/${block.prefix}`;
}

export function overlaps(a: Ipv4Block, b: Ipv4Block): boolean {
  return a.base < b.base + blockSize(b.prefix) && b.base < a.base + blockSize(a.prefix);
}

/** How many aligned `/prefix` blocks fit in `outer` (0 when prefix is shorter than outer's). */
export function subBlockCount(outer: Ipv4Block, prefix: number): number {
  return prefix < outer.prefix ? 0 : 2 ** (prefix - outer.prefix);
}

/** The `index`-th aligned `/prefix` block inside `outer`. */
export function subBlock(outer: Ipv4Block, prefix: number, index: number): Ipv4Block {
  return { base: outer.base + index * blockSize(prefix), prefix };
}
