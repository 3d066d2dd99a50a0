import { controlEntry } from '../promises/catalog';
import type { ControlResult, InForceException } from '../verify/types';
import { one, prop, riskUuid, some, type Obj } from './oscal-ids';
import { exceptionReason } from './review-sarif';

/**
 * The risks of an OSCAL assessment result: one per exception in force (accepted by the deployment, or a
 * standing gap of Rampart) and one for the catalog's known limits of a partial control.
 */

/** The known limits of a partial control (catalog), as an open risk: what is not built or not provable from templates. */
export function limitsRisk(result: ControlResult, observations: readonly string[]): Obj {
  return {
    uuid: riskUuid(result.control, 'catalog-limits'),
    title: `${result.control}: known limits (the control is partial)`,
    description: one(controlEntry(result.control).limits.join(' ')),
    statement: one('The promise catalog (docs/controls.md) records these parts of the control as not built or not provable from the templates.'),
    props: [prop('control-id', result.control)],
    status: 'open',
    ...some(
      'related-observations',
      observations.map((uuid) => ({ 'observation-uuid': uuid })),
    ),
  };
}

/** One risk per accepted exception of a control: the deviation the deployment accepted, in the catalog's words. */
export function risk(result: ControlResult, exception: string, observations: readonly string[]): Obj {
  const entry = controlEntry(result.control).exceptions?.find((e) => e.id === exception);
  return {
    uuid: riskUuid(result.control, exception),
    title: `${exception}: accepted exception to ${result.control}`,
    description: one(entry?.covers ?? result.exceptions.find((e) => e.id === exception)?.covers ?? `Observations excepted by ${exception}.`),
    statement: one(exceptionReason(result, exception)),
    props: [prop('control-id', result.control), prop('exception-id', exception)],
    status: 'deviation-approved',
    'related-observations': observations.map((uuid) => ({ 'observation-uuid': uuid })),
  };
}

/** A standing exception: a gap of Rampart the catalog records, open (nobody approved it), tied to the control's observations. */
export function standingRisk(result: ControlResult, exception: InForceException, observations: readonly string[]): Obj {
  return {
    uuid: riskUuid(result.control, exception.id),
    title: `${exception.id}: standing gap of ${result.control}`,
    description: one(exception.covers),
    statement: one(exception.reason),
    props: [prop('control-id', result.control), prop('exception-id', exception.id), prop('exception-basis', exception.basis)],
    status: 'open',
    ...some(
      'related-observations',
      observations.map((uuid) => ({ 'observation-uuid': uuid })),
    ),
  };
}
