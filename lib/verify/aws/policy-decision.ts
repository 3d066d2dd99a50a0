import type { Json, JsonObject, StackArtifact } from '../types';
import { asArray, isObject, renderString, resources, statements } from './template';

/**
 * A small, deliberately conservative reading of a resource policy (bucket policy, key policy, role
 * trust) for one request, enough to judge who can reach a tenant's data from the template alone.
 *
 * Only what the request names is modelled: the principal's ARN (a role session is judged by its
 * role's ARN, as `aws:PrincipalArn` is), its account, its session tags, the action and the service a
 * KMS call comes through. A condition on any other key is treated in the direction that makes the
 * data more reachable: satisfied in an Allow, not satisfied in a Deny. So a verdict of "denied" is
 * one the real evaluation reaches too.
 */

export interface ProbeRequest {
  /** `arn:aws:iam::<account>:role/<name>`: the role of the session making the request. */
  readonly principalArn: string;
  readonly account: string;
  /** Session tags (`aws:PrincipalTag/<key>`). */
  readonly tags: Readonly<Record<string, string>>;
  readonly action: string;
  /** `kms:ViaService`, for a KMS call an AWS service makes on the principal's behalf. */
  readonly viaService?: string;
}

/** `allow`: an Allow matches and no Deny; `deny`: an explicit Deny matches; `none`: nothing matches (implicit deny). */
export type Decision = 'allow' | 'deny' | 'none';

/**
 * An ARN of this stack's role written as `${Logical.Arn}` (a `Fn::GetAtt`) becomes the literal
 * `arn:aws:iam::<account>:role/<RoleName>` when the role has a fixed name, so that it compares
 * with the literal ARNs conditions use.
 */
export function renderArn(stack: StackArtifact, value: Json | undefined): string {
  const text = renderString(stack, value);
  return text.replace(/\$\{([A-Za-z0-9]+)\.Arn\}/g, (whole, id: string) => {
    const role = resources(stack, 'AWS::IAM::Role').find((r) => r.id === id);
    const name = role?.props.RoleName;
    return typeof name === 'string' ? `arn:aws:iam::${stack.account}:role/${name}` : whole;
  });
}

/** An IAM wildcard pattern (`*`, `?`; case-insensitive, as IAM matches actions) as a RegExp. */
export const wildcard = (pattern: string): RegExp =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    'i',
  );

function principalMatches(stack: StackArtifact, statement: JsonObject, request: ProbeRequest): boolean {
  if ('NotPrincipal' in statement) return statement.Effect === 'Allow';
  const principal = statement.Principal;
  if (principal === '*') return true;
  if (!isObject(principal)) return false;
  const root = `arn:aws:iam::${request.account}:root`;
  // The account (root or bare id) delegates to the account's identity policies: any of its principals may be admitted.
  return asArray(principal.AWS)
    .map((p) => renderArn(stack, p))
    .some((p) => p === '*' || p === request.principalArn || p === root || p === request.account);
}

/** Whether the statement's Action (or NotAction) covers `action`, whatever its Effect. */
export function actionMatches(statement: JsonObject, action: string): boolean {
  const matches = (field: string) => asArray(statement[field]).some((a) => typeof a === 'string' && wildcard(a).test(action));
  if ('NotAction' in statement) return !matches('NotAction');
  return matches('Action');
}

/** The request's value of a condition key; `unknown` when the key is not modelled. */
function contextValue(request: ProbeRequest, key: string): string | undefined | 'unknown' {
  const k = key.toLowerCase();
  if (k === 'aws:principalarn') return request.principalArn;
  if (k === 'aws:principalaccount' || k === 'kms:calleraccount') return request.account;
  if (k.startsWith('aws:principaltag/')) {
    const wanted = key.slice('aws:principaltag/'.length);
    const found = Object.entries(request.tags).find(([tag]) => tag === wanted);
    return found?.[1];
  }
  if (k === 'kms:viaservice') return request.viaService;
  if (k === 'aws:securetransport') return 'true';
  return 'unknown';
}

type Test = (actual: string, expected: string) => boolean;
const TESTS: Record<string, { test: Test; negated: boolean }> = {
  stringequals: { test: (a, e) => a === e, negated: false },
  stringnotequals: { test: (a, e) => a === e, negated: true },
  stringequalsignorecase: { test: (a, e) => a.toLowerCase() === e.toLowerCase(), negated: false },
  stringnotequalsignorecase: { test: (a, e) => a.toLowerCase() === e.toLowerCase(), negated: true },
  stringlike: { test: (a, e) => wildcard(e).test(a), negated: false },
  stringnotlike: { test: (a, e) => wildcard(e).test(a), negated: true },
  arnequals: { test: (a, e) => a === e, negated: false },
  arnnotequals: { test: (a, e) => a === e, negated: true },
  arnlike: { test: (a, e) => wildcard(e).test(a), negated: false },
  arnnotlike: { test: (a, e) => wildcard(e).test(a), negated: true },
  bool: { test: (a, e) => a.toLowerCase() === e.toLowerCase(), negated: false },
};

/** Whether every condition of the statement holds for the request (`undefined`: it depends on something not modelled). */
function conditionsHold(stack: StackArtifact, statement: JsonObject, request: ProbeRequest): boolean | undefined {
  if (!isObject(statement.Condition)) return true;
  let result: boolean | undefined = true;
  for (const [rawOperator, block] of Object.entries(statement.Condition)) {
    if (!isObject(block)) return undefined;
    const ifExists = /IfExists$/i.test(rawOperator);
    const operator = rawOperator
      .replace(/^For(All|Any)Values:/i, '')
      .replace(/IfExists$/i, '')
      .toLowerCase();
    const spec = TESTS[operator];
    for (const [key, raw] of Object.entries(block)) {
      const actual = contextValue(request, key);
      if (spec === undefined || actual === 'unknown') {
        result = undefined;
        continue;
      }
      const expected = asArray(raw).map((v) => renderArn(stack, v));
      let holds: boolean;
      if (actual === undefined) holds = ifExists || spec.negated;
      else {
        const any = expected.some((e) => spec.test(actual, e));
        holds = spec.negated ? !any : any;
      }
      if (!holds) return false;
    }
  }
  return result;
}

/**
 * Whether `document` can tell the session tag value `value` apart from another: true when one of its
 * condition values equals it (ignoring case) or is a wildcard pattern matching it. A value it does not
 * name fails every comparison `decide` makes (each test above is an equality or a wildcard match),
 * so every such value is decided alike. The tenant probes use it to decide the sessions of a
 * thousand other tenants once instead of a thousand times; the values named are decided one by one.
 */
export function namesValue(stack: StackArtifact, document: Json | undefined): (value: string) => boolean {
  const exact = new Set<string>();
  const patterns: RegExp[] = [];
  for (const statement of statements(document)) {
    if (!isObject(statement.Condition)) continue;
    for (const block of Object.values(statement.Condition)) {
      if (!isObject(block)) continue;
      for (const raw of Object.values(block)) {
        for (const expected of asArray(raw).map((v) => renderArn(stack, v))) {
          exact.add(expected.toLowerCase());
          if (/[*?]/.test(expected)) patterns.push(wildcard(expected));
        }
      }
    }
  }
  return (value) => exact.has(value.toLowerCase()) || patterns.some((p) => p.test(value));
}

/** How a policy document decides the request. */
export function decide(stack: StackArtifact, document: Json | undefined, request: ProbeRequest): Decision {
  let allowed = false;
  for (const statement of statements(document)) {
    if (!principalMatches(stack, statement, request) || !actionMatches(statement, request.action)) continue;
    const holds = conditionsHold(stack, statement, request);
    if (statement.Effect === 'Deny') {
      if (holds === true) return 'deny';
    } else if (holds !== false) allowed = true;
  }
  return allowed ? 'allow' : 'none';
}
