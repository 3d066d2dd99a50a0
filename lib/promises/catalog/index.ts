import { CONTROL_IDS, type ControlId } from '../control-ids';
import type { ControlEntry } from '../types';
import { APPLICATION } from './application';
import { AUDIT_DETECTION } from './audit-detection';
import { AVAILABILITY } from './availability';
import { DATA_LIFECYCLE } from './data-lifecycle';
import { ENCRYPTION } from './encryption';
import { NETWORK } from './network';
import { PEOPLE_ACCESS } from './people-access';
import { PEOPLE_IMAGES_CHANGE } from './people-images-change';
import { PLACEMENT } from './placement';
import { SENSITIVE_DATA } from './sensitive-data';
import { TRANSPORT } from './transport';

export { NO_CHECK_YET } from './quotes';

/** Every entry of every group file. */
const ENTRIES: readonly ControlEntry[] = [
  ENCRYPTION,
  TRANSPORT,
  AVAILABILITY,
  NETWORK,
  AUDIT_DETECTION,
  SENSITIVE_DATA,
  DATA_LIFECYCLE,
  PLACEMENT,
  PEOPLE_IMAGES_CHANGE,
  PEOPLE_ACCESS,
  APPLICATION,
].flat();

const BY_ID = new Map<ControlId, ControlEntry>();
for (const entry of ENTRIES) {
  // Two entries for one control would leave the docs quoting whichever came last: refuse it.
  if (BY_ID.has(entry.id)) throw new Error(`promise catalog: control ${entry.id} has two entries under lib/promises/catalog/`);
  BY_ID.set(entry.id, entry);
}

/**
 * The promise catalog: one entry per control, in the order of CONTROL_IDS (the order
 * docs/controls.md lists them in). Built by id, so a group file's own order does not matter; a
 * control without an entry, or with two, fails here, at import, naming it.
 */
export const CATALOG: readonly ControlEntry[] = CONTROL_IDS.map((id) => {
  const entry = BY_ID.get(id);
  if (entry === undefined) throw new Error(`promise catalog: control ${id} has no entry under lib/promises/catalog/`);
  return entry;
});

/** The catalog entry of one control. */
export function controlEntry(id: ControlId): ControlEntry {
  const entry = BY_ID.get(id);
  if (entry === undefined) throw new Error(`promise catalog: control ${id} has no entry under lib/promises/catalog/`);
  return entry;
}
