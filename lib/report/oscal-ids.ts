import { createHash } from 'crypto';

/** The identifiers and small value builders every part of the OSCAL document uses. */

export const OSCAL_VERSION = '1.1.3';

/**
 * Namespace of Rampart's own props. OSCAL requires a URI `ns` for names NIST does not define; Rampart owns
 * no domain, so a name under the reserved `.invalid` TLD (RFC 2606) cannot collide with anyone's namespace.
 */
export const RAMPART_NS = 'https://rampart.invalid/ns/oscal';

export type Obj = Record<string, unknown>;

/** Namespace UUIDs as bytes, parsed once (a review at a thousand tenants names hundreds of thousands of objects). */
const namespaceBytes = new Map<string, Buffer>();

/** RFC 4122 version 5 (SHA-1, name-based): the same name always gives the same UUID, and the schema accepts only v4 or v5. */
export function uuidV5(name: string, namespace: string): string {
  let space = namespaceBytes.get(namespace);
  if (space === undefined) {
    space = Buffer.from(namespace.replace(/-/g, ''), 'hex');
    namespaceBytes.set(namespace, space);
  }
  const bytes = createHash('sha1').update(space).update(name, 'utf8').digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** RFC 4122's URL namespace; Rampart's namespace is derived from it, so no magic constant needs trusting. */
const URL_NAMESPACE = '6ba7b811-9dad-11d1-80b4-00c04fd430c8';
const RAMPART_UUID_NAMESPACE = uuidV5(RAMPART_NS, URL_NAMESPACE);

/** Object UUIDs come from what the object is about (OSCAL asks that the same subject keep its UUID across revisions). */
export function oscalUuid(name: string): string {
  return uuidV5(name, RAMPART_UUID_NAMESPACE);
}

/** OSCAL control ids are lowercase tokens (`ac-2`); the catalog's `ENC-REST` becomes `enc-rest`. */
export function controlToken(id: string): string {
  return id.toLowerCase();
}

/** OSCAL strings may not start or end with whitespace nor span lines; template values and reasons are flattened to one line. */
export function one(text: string): string {
  // Most texts already are one line with single spaces: only trim them, without copying megabytes of evidence values.
  if (!/[^\S ]| {2}/.test(text)) return text.trim() || '-';
  return text.replace(/\s+/g, ' ').trim() || '-';
}

export function prop(name: string, value: string): Obj {
  return { name, ns: RAMPART_NS, value: one(value) };
}

/** Arrays that the schema requires to be non-empty are left out when empty. */
export function some(key: string, items: readonly unknown[]): Obj {
  return items.length > 0 ? { [key]: items } : {};
}

/** One risk per (control, exception): the same subject keeps its UUID across revisions. */
export const riskUuid = (control: string, exception: string): string => oscalUuid(`risk\n${control}\n${exception}`);
