import { CfnElement, CfnResource, Stack } from 'aws-cdk-lib';

/**
 * Reading CloudFormation the way it will be deployed, for the guards (Aspects) in this folder.
 *
 * The guards must see exactly what lands in the template: properties set through the L1, escape-hatch
 * overrides (`addPropertyOverride`, `addOverride`), metadata, DependsOn, Conditions, Outputs,
 * Parameters, Mappings and Rules. The only public-ish way CDK exposes that per element is the
 * internal `_toCloudFormation()` (the same call `lib/nag/resolve.ts` makes); it is wrapped here in
 * one typed accessor so that a change in that internal API breaks in exactly one place.
 */

/** A JSON value of a rendered template. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** One CloudFormation element as rendered into its template section. */
export interface RenderedElement {
  /** Template section: `Resources`, `Outputs`, `Parameters`, `Mappings`, `Conditions`, `Rules`. */
  readonly section: string;
  /** The element's logical id. */
  readonly logicalId: string;
  /** The element's body, e.g. `{ Type, Properties, DependsOn, Metadata, ... }` for a resource. */
  readonly body: Json;
  /** `AWS::S3::Bucket` for resources; `Output`, `Parameter`, ... for the other sections. */
  readonly kind: string;
}

const SECTION_KIND: Record<string, string> = {
  Outputs: 'Output',
  Parameters: 'Parameter',
  Mappings: 'Mapping',
  Conditions: 'Condition',
  Rules: 'Rule',
};

interface RendersCloudFormation {
  /** Internal to aws-cdk-lib (see file comment). Returns `{ <Section>: { <logicalId>: <body> } }`. */
  _toCloudFormation(): unknown;
}

/**
 * The fully rendered, resolved template fragments of `element` (usually one; none for an unused
 * lazy `CfnMapping`). Call it at validation time (inside `node.addValidation`), after every Aspect
 * and override has been applied.
 */
export function renderElement(element: CfnElement): RenderedElement[] {
  const fragment = Stack.of(element).resolve((element as unknown as RendersCloudFormation)._toCloudFormation()) as
    Record<string, Record<string, Json>> | undefined;
  const rendered: RenderedElement[] = [];
  for (const [section, entries] of Object.entries(fragment ?? {})) {
    for (const [logicalId, body] of Object.entries(entries ?? {})) {
      const type = section === 'Resources' && isObject(body) && typeof body.Type === 'string' ? body.Type : undefined;
      rendered.push({ section, logicalId, body, kind: type ?? SECTION_KIND[section] ?? section });
    }
  }
  return rendered;
}

/** The rendered `Properties` of a resource (empty when it has none). */
export function propertiesOf(rendered: RenderedElement): { [key: string]: Json } {
  const body = rendered.body;
  return isObject(body) && isObject(body.Properties) ? body.Properties : {};
}

export function isObject(value: Json | undefined): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A string found in a rendered element, with its JSON path (`Properties.Tags[0].Value`). */
export interface FoundString {
  readonly path: string;
  readonly value: string;
  /** True when the string is an object key rather than a value (e.g. a mapping key). */
  readonly isKey: boolean;
}

/** Every string (values and object keys) under `value`, depth first, with its JSON path. */
export function walkStrings(value: Json, path = ''): FoundString[] {
  const found: FoundString[] = [];
  const visit = (v: Json, p: string): void => {
    if (typeof v === 'string') {
      found.push({ path: p, value: v, isKey: false });
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => visit(item, `${p}[${i}]`));
    } else if (isObject(v)) {
      for (const [key, child] of Object.entries(v)) {
        const childPath = p === '' ? key : `${p}.${key}`;
        found.push({ path: childPath, value: key, isKey: true });
        visit(child, childPath);
      }
    }
  };
  visit(value, path);
  return found;
}

/** Every `(path, value)` pair under `value` whose last key is `key`, at any depth. */
export function findKey(value: Json, key: string, path = ''): { path: string; value: Json }[] {
  const found: { path: string; value: Json }[] = [];
  const visit = (v: Json, p: string): void => {
    if (Array.isArray(v)) {
      v.forEach((item, i) => visit(item, `${p}[${i}]`));
    } else if (isObject(v)) {
      for (const [k, child] of Object.entries(v)) {
        const childPath = p === '' ? k : `${p}.${k}`;
        if (k === key) found.push({ path: childPath, value: child });
        visit(child, childPath);
      }
    }
  };
  visit(value, path);
  return found;
}

/** Logical id `ref` points to when `value` is `{ Ref: id }` or `{ 'Fn::GetAtt': [id, ...] }`. */
export function referencedLogicalId(value: Json | undefined): string | undefined {
  if (!isObject(value)) return undefined;
  if (typeof value.Ref === 'string') return value.Ref;
  const getAtt = value['Fn::GetAtt'];
  if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return getAtt[0];
  if (typeof getAtt === 'string') return getAtt.split('.')[0];
  return undefined;
}

/** The CloudFormation type of the resource with `logicalId` in `stack`, if it is defined there. */
export function resourceTypeIn(stack: Stack, logicalId: string): string | undefined {
  for (const c of stack.node.findAll()) {
    if (CfnResource.isCfnResource(c) && Stack.of(c) === stack && stack.resolve(c.logicalId) === logicalId) return c.cfnResourceType;
  }
  return undefined;
}

/** Short rendering of a value for an error message. */
export function show(value: Json | undefined): string {
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}

/**
 * Registers `check` as a validation of `element`: it runs after every Aspect and override, and a
 * non-empty result fails `app.synth()` with the element's construct path. One registration per
 * element and guard instance, however often the Aspect visits it.
 */
export function validateRendered(
  element: CfnElement,
  seen: WeakSet<CfnElement>,
  check: (rendered: RenderedElement, element: CfnElement) => string[],
): void {
  if (seen.has(element)) return;
  seen.add(element);
  element.node.addValidation({ validate: () => renderElement(element).flatMap((rendered) => check(rendered, element)) });
}
