import { asArray, isObject, renderString, resources, statements } from '../verify/aws/template';
import { managedPolicy } from '../verify/aws/managed-policy';
import type { Assembly, JsonObject, StackArtifact } from '../verify/types';

/**
 * ACCESS-REVIEW: every role (and user, and Identity Center permission set) the assembly would
 * create, who can assume it and under which boundary, read from the synthesized templates alone:
 * the population an auditor samples at the quarterly access review.
 */

export interface AccessRow {
  readonly stack: string;
  readonly account: string;
  readonly kind: 'role' | 'user' | 'permission set';
  /** The role's name when fixed, else its logical id. */
  readonly name: string;
  /** Who can assume it: each trust statement as `<principal> [if <conditions>]`. */
  readonly assumableBy: readonly string[];
  /** The boundary policy's name, `none`, or, for a permission set, its session duration. */
  readonly boundary: string;
}

function who(stack: StackArtifact, s: JsonObject): string {
  const principal = s.Principal;
  const names =
    principal === '*'
      ? ['anyone (*)']
      : isObject(principal)
        ? Object.entries(principal).flatMap(([type, v]) => asArray(v).map((p) => `${type}:${renderString(stack, p)}`))
        : ['?'];
  const conditions = isObject(s.Condition)
    ? Object.entries(s.Condition).flatMap(([op, block]) =>
        isObject(block)
          ? Object.entries(block).map(
              ([key, v]) =>
                `${key} ${op} ${asArray(v)
                  .map((x) => renderString(stack, x))
                  .join('|')}`,
            )
          : [],
      )
    : [];
  const verb = s.Effect === 'Deny' ? 'denied: ' : '';
  return `${verb}${names.join(', ')}${conditions.length > 0 ? ` if ${conditions.join(' and ')}` : ''}`;
}

export function accessRows(assembly: Assembly): AccessRow[] {
  return assembly.stacks
    .filter((stack) => stack.cloud === 'aws')
    .flatMap((stack) => [
      ...resources(stack, 'AWS::IAM::Role', 'AWS::IAM::User').map((r): AccessRow => {
        const value = r.props.PermissionsBoundary;
        const policy = value === undefined ? undefined : managedPolicy({ stack, assembly }, value);
        const boundaryName =
          value === undefined ? 'none' : policy === undefined ? `${renderString(stack, value)} (not found)` : (policy.name ?? policy.id);
        return {
          stack: stack.id,
          account: stack.account,
          kind: r.type === 'AWS::IAM::Role' ? 'role' : 'user',
          name: typeof r.props.RoleName === 'string' ? r.props.RoleName : typeof r.props.UserName === 'string' ? r.props.UserName : r.id,
          assumableBy:
            r.type === 'AWS::IAM::Role' ? statements(r.props.AssumeRolePolicyDocument).map((s) => who(stack, s)) : ['(an IAM user signs in)'],
          boundary: boundaryName,
        };
      }),
      ...resources(stack, 'AWS::SSO::PermissionSet').map((r): AccessRow => ({
        stack: stack.id,
        account: stack.account,
        kind: 'permission set',
        name: String(r.props.Name),
        assumableBy: ['Identity Center users through an account assignment'],
        boundary: `session ${String(r.props.SessionDuration ?? 'PT1H')}`,
      })),
    ]);
}

const cell = (text: string) => text.replace(/\|/g, '\\|');

export function accessReportMarkdown(rows: readonly AccessRow[]): string {
  const lines = [
    '# Access report',
    '',
    'Every role, user and permission set the synthesized output would create, who can assume it and with which boundary ' +
      '(read from the templates alone; `npm run access:report`). Sample from it at the quarterly access review (README, "People and access").',
    '',
    '| stack | account | kind | name | assumable by | boundary |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.stack} | ${r.account} | ${r.kind} | ${cell(r.name)} | ${cell(r.assumableBy.join('; '))} | ${cell(r.boundary)} |`),
    '',
    `${rows.length} principals; ${rows.filter((r) => r.boundary === 'none').length} without a boundary.`,
  ];
  return `${lines.join('\n')}\n`;
}
