import { CATALOG } from '../promises/catalog';
import type { ControlId } from '../promises/control-ids';
import type { DataClass, StackKind } from '../promises/types';

/**
 * The controls that apply to a stack of `kind` holding `dataClasses`: every catalog control that is
 * built (enforced or partial) and whose scope names the kind (and, for `only`, the data class).
 * Open and out-of-scope controls are in the catalog and docs/controls.md, never in a plan.
 */
export function controlsInScope(kind: StackKind, dataClasses: readonly DataClass[]): ControlId[] {
  return CATALOG.filter(
    (entry) =>
      (entry.status === 'enforced' || entry.status === 'partial') &&
      entry.appliesTo.kinds.includes(kind) &&
      (entry.appliesTo.only === undefined || dataClasses.includes(entry.appliesTo.only)),
  ).map((entry) => entry.id);
}
