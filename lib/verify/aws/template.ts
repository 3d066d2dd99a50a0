import { isObject, referencedLogicalId } from '../../guards/template-walk';
import type { StackArtifact, Json, JsonObject } from '../types';

// The guards read rendered CloudFormation too: one reading of objects and references for both.
export { isObject, referencedLogicalId };

/**
 * Reading a CloudFormation template as it will be deployed: resources by type, references between
 * them, and strings assembled with `Fn::Join` / `Fn::Sub` and pseudo parameters, resolved the way
 * CloudFormation will resolve them in the stack's account and region.
 */

export interface Resource {
  readonly id: string;
  readonly type: string;
  readonly body: JsonObject;
  readonly props: JsonObject;
}

export function asArray(value: Json | undefined): Json[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

interface ResourceIndex {
  readonly all: readonly Resource[];
  readonly byType: ReadonlyMap<string, readonly Resource[]>;
  /** Each resource's position in `all`. */
  readonly position: ReadonlyMap<Resource, number>;
}

/**
 * The resources of each template read so far, in template order and by type. Checks ask a stack
 * for its resources of one type hundreds of times; listing them again on every call was the
 * verifier's largest cost at 1,000 tenants. Keyed by the Resources object itself: a weakened copy of
 * a template is another object, and a template is not changed once the verifier has read it.
 */
const indexes = new WeakMap<JsonObject, ResourceIndex>();

function indexOf(all: JsonObject): ResourceIndex {
  let index = indexes.get(all);
  if (index === undefined) {
    const list = Object.entries(all).flatMap(([id, body]): Resource[] =>
      isObject(body) && typeof body.Type === 'string' ? [{ id, type: body.Type, body, props: isObject(body.Properties) ? body.Properties : {} }] : [],
    );
    const byType = new Map<string, Resource[]>();
    for (const r of list) {
      const ofType = byType.get(r.type);
      if (ofType === undefined) byType.set(r.type, [r]);
      else ofType.push(r);
    }
    index = { all: list, byType, position: new Map(list.map((r, i) => [r, i])) };
    indexes.set(all, index);
  }
  return index;
}

/** Every resource of the template, or those whose type is one of `types` (template order; a new array each call). */
export function resources(stack: StackArtifact, ...types: readonly string[]): Resource[] {
  if (!isObject(stack.template.Resources)) return [];
  const index = indexOf(stack.template.Resources);
  if (types.length === 0) return [...index.all];
  if (types.length === 1) return [...(index.byType.get(types[0]) ?? [])];
  // Several types: their lists merged back into template order (a resource's position in `all`).
  return [...new Set(types)].flatMap((type) => index.byType.get(type) ?? []).sort((a, b) => index.position.get(a)! - index.position.get(b)!);
}

/** Every logical id referenced anywhere inside `value` (Ref, GetAtt, and `${X}` / `${X.Attr}` in Fn::Sub). */
export function referencedIds(value: Json | undefined): Set<string> {
  const found = new Set<string>();
  const walk = (v: Json | undefined): void => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (!isObject(v)) return;
    const target = referencedLogicalId(v);
    if (target !== undefined && !target.startsWith('AWS::')) found.add(target);
    const sub = v['Fn::Sub'];
    const text = typeof sub === 'string' ? sub : Array.isArray(sub) && typeof sub[0] === 'string' ? sub[0] : undefined;
    if (text !== undefined) for (const m of text.matchAll(/\$\{([^}!.]+)(?:\.[^}]*)?\}/g)) if (!m[1].startsWith('AWS::')) found.add(m[1]);
    Object.values(v).forEach(walk);
  };
  walk(value);
  return found;
}

function pseudo(stack: StackArtifact, name: string): string | undefined {
  switch (name) {
    case 'AWS::Region':
      return stack.region;
    case 'AWS::AccountId':
      return stack.account;
    case 'AWS::Partition':
      return stack.region.startsWith('cn-') ? 'aws-cn' : stack.region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
    case 'AWS::URLSuffix':
      return stack.region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
    case 'AWS::StackName':
      return stack.name;
    default:
      return undefined;
  }
}

/**
 * A string value as CloudFormation will render it: literals, pseudo parameters, `Fn::Join`,
 * `Fn::Sub` (with its variable map) and `Fn::Select` of literal lists. A reference to a resource
 * stays visible as `${LogicalId}` / `${LogicalId.Attr}`; anything else unresolvable as `${?}`.
 */
export function renderString(stack: StackArtifact, value: Json | undefined, vars: Readonly<Record<string, string>> = {}): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (!isObject(value)) return '${?}';
  if (typeof value.Ref === 'string') return pseudo(stack, value.Ref) ?? `\${${value.Ref}}`;
  const getAtt = value['Fn::GetAtt'];
  if (Array.isArray(getAtt)) return `\${${getAtt.map((p) => renderString(stack, p)).join('.')}}`;
  const join = value['Fn::Join'];
  if (Array.isArray(join) && typeof join[0] === 'string')
    return asArray(join[1])
      .map((part) => renderString(stack, part, vars))
      .join(join[0]);
  const sub = value['Fn::Sub'];
  if (sub !== undefined) {
    const [text, map] = Array.isArray(sub) ? [sub[0], sub[1]] : [sub, undefined];
    const local: Record<string, string> = { ...vars };
    if (isObject(map)) for (const [k, v] of Object.entries(map)) local[k] = renderString(stack, v, vars);
    return String(text).replace(/\$\{([^}!]+)\}/g, (whole, name: string) => local[name] ?? pseudo(stack, name) ?? whole);
  }
  const select = value['Fn::Select'];
  if (Array.isArray(select) && typeof select[0] === 'number') {
    const list = renderList(stack, select[1], vars);
    if (list !== undefined && select[0] < list.length) return list[select[0]];
  }
  return '${?}';
}

/**
 * A list value: a literal list, or `Fn::Split` of a rendered string. The ARN of a resource of this
 * stack is split as CloudFormation will produce it (`arn:<partition>:<service>:<region>:<account>:...`),
 * so `Fn::Select [4, Fn::Split [':', Repo.Arn]]` renders the stack's account, as CDK's repository URIs do.
 */
function renderList(stack: StackArtifact, value: Json | undefined, vars: Readonly<Record<string, string>>): string[] | undefined {
  if (Array.isArray(value)) return value.map((v) => renderString(stack, v, vars));
  const split = isObject(value) ? value['Fn::Split'] : undefined;
  if (!Array.isArray(split) || typeof split[0] !== 'string') return undefined;
  const source = renderString(stack, split[1], vars);
  const arnOf = /^\$\{([^.}]+)\.Arn\}$/.exec(source);
  const text = arnOf ? `arn:${pseudo(stack, 'AWS::Partition')}:?:${stack.region}:${stack.account}:\${${arnOf[1]}}` : source;
  return text.split(split[0]);
}

/** IAM-style policy statements of a document (Statement may be one object or a list). */
export function statements(document: Json | undefined): JsonObject[] {
  if (!isObject(document)) return [];
  return asArray(document.Statement).filter(isObject);
}

/** Values of a statement field (`Action`, `Resource`, ...) as strings; intrinsic values rendered. */
export function fieldValues(stack: StackArtifact, statement: JsonObject, field: string): string[] {
  return asArray(statement[field]).map((v) => renderString(stack, v));
}

/** The principals of a statement as strings (`*` for `"Principal": "*"` or `{"AWS": "*"}`). */
export function principals(stack: StackArtifact, statement: JsonObject): string[] {
  const principal = statement.Principal;
  if (principal === '*') return ['*'];
  if (!isObject(principal)) return [];
  return Object.values(principal).flatMap((v) => asArray(v).map((p) => renderString(stack, p)));
}

/** True when a statement's `Condition` narrows who may use it (any condition at all). */
export function hasCondition(statement: JsonObject): boolean {
  return isObject(statement.Condition) && Object.keys(statement.Condition).length > 0;
}

/** An Allow to every principal (`*`) that no condition narrows: open to anyone who can reach the resource. */
export function allowsAnyone(stack: StackArtifact, statement: JsonObject): boolean {
  return statement.Effect === 'Allow' && principals(stack, statement).includes('*') && !hasCondition(statement);
}
