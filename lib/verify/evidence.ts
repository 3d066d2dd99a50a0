import type { ControlId } from '../promises/control-ids';
import type { CheckContext, Evidence, Json } from './types';

/** RFC 6901 JSON pointer from path segments (`~` and `/` escaped). */
export function pointer(...segments: readonly (string | number)[]): string {
  return segments.map((s) => `/${String(s).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/** What one check is about: its control, the kind of evidence and the plural noun it is counted in. */
export interface EvidenceKind {
  readonly control: ControlId;
  readonly kind: string;
  readonly subject: string;
  /** What keeps the promise, in words (shown beside every observation of this kind). */
  readonly expected: string;
  /** The catalog exception that covers a failing observation of this kind, if the deployment accepts it. */
  readonly exception?: string;
}

export interface Place {
  /** Logical id (CloudFormation) or `<type>.<name>` (Terraform). */
  readonly resource?: string;
  readonly pointer: string;
}

/**
 * Records one observation. `ok` decides holds vs the failure outcome; a value that is absent
 * (`undefined`) fails as `missing`, a present value as `contradicted`, unless `failAs` says otherwise.
 */
export function observe(
  context: CheckContext,
  what: EvidenceKind,
  place: Place,
  value: Json | undefined,
  ok: boolean,
  failAs?: 'missing' | 'contradicted',
): Evidence {
  const outcome = ok ? 'holds' : (failAs ?? (value === undefined ? 'missing' : 'contradicted'));
  return {
    control: what.control,
    kind: what.kind,
    subject: what.subject,
    stack: context.stack.id,
    file: context.stack.file,
    ...(place.resource === undefined ? {} : { resource: place.resource }),
    pointer: place.pointer,
    ...(value === undefined ? {} : { value }),
    expected: what.expected,
    outcome,
    ...(ok || what.exception === undefined ? {} : { exception: what.exception }),
  };
}

/** A stack-level observation that something required is absent (no resource to point at). */
export function absent(context: CheckContext, what: EvidenceKind, at = pointer('Resources')): Evidence {
  return observe(context, what, { pointer: at }, undefined, false, 'missing');
}
