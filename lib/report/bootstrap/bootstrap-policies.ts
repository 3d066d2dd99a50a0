import { readAssembly } from '../../verify/read-assembly';
import type { StackArtifact } from '../../verify/types';
import { EXTRA_PREFIXES, namespaceOf, SERVICE_PREFIXES } from './service-prefixes';

/**
 * The least-privilege bootstrap of each account (issue 13, item 3), derived from the synthesized
 * templates, never from a list kept by hand: the CloudFormation execution policy allows the services
 * of exactly the resource types the account's stacks deploy (IAM cannot scope CloudFormation's
 * calls by resource type, so a service is allowed whole), and the permissions boundary of every
 * bootstrap role caps them to the same services plus what the bootstrap roles themselves use, and
 * denies IAM users, access keys and changes to the boundary and the policies themselves.
 */

export interface AccountBootstrap {
  readonly account: string;
  readonly regions: readonly string[];
  /** Every resource type of the account's stacks. */
  readonly resourceTypes: readonly string[];
  /** IAM service prefixes the execution policy allows. */
  readonly services: readonly string[];
}

interface Template {
  readonly Resources?: Record<string, { readonly Type: string }>;
  readonly Transform?: unknown;
}

/** Resource types with no service prefix: a new namespace must be added to service-prefixes.ts. */
export class UnmappedResourceTypes extends Error {
  constructor(public readonly types: readonly string[]) {
    super(`no IAM service prefix for ${types.join(', ')}: add the namespace to lib/report/bootstrap/service-prefixes.ts`);
  }
}

function servicesOf(stacks: readonly StackArtifact[]): { types: string[]; services: string[] } {
  const types = new Set<string>();
  const services = new Set<string>();
  const unmapped = new Set<string>();
  for (const stack of stacks) {
    const template = stack.template as Template;
    if (template.Transform !== undefined) EXTRA_PREFIXES.transform.forEach((p) => services.add(p));
    for (const { Type } of Object.values(template.Resources ?? {})) {
      types.add(Type);
      if (Type.startsWith('Custom::')) EXTRA_PREFIXES.customResource.forEach((p) => services.add(p));
      const namespace = namespaceOf(Type);
      if (namespace === undefined) continue;
      const prefixes = SERVICE_PREFIXES[namespace];
      if (prefixes === undefined) unmapped.add(Type);
      else prefixes.forEach((p) => services.add(p));
    }
  }
  if (unmapped.size > 0) throw new UnmappedResourceTypes([...unmapped].sort());
  return { types: [...types].sort(), services: [...services].sort() };
}

/** One entry per account of the assembly, with its regions and the services its stacks need. */
export function accountBootstraps(assemblyDir: string): AccountBootstrap[] {
  const stacks = readAssembly({ awsDir: assemblyDir }).stacks.filter((s) => s.cloud === 'aws');
  const accounts = [...new Set(stacks.map((s) => s.account))].sort();
  return accounts.map((account) => {
    const own = stacks.filter((s) => s.account === account);
    const { types, services } = servicesOf(own);
    return { account, regions: [...new Set(own.map((s) => s.region))].sort(), resourceTypes: types, services };
  });
}

/** Policy names (the same in every account). */
export function bootstrapPolicyNames(prefix: string): { execution: string; boundary: string } {
  return { execution: `${prefix}-cfn-execution`, boundary: `${prefix}-bootstrap-boundary` };
}

/** The CloudFormation execution policy of one account: its services, nothing else. */
export function executionPolicy(bootstrap: AccountBootstrap): object {
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'RampartResourceServices', Effect: 'Allow', Action: bootstrap.services.map((s) => `${s}:*`), Resource: '*' },
      // CDK templates check the bootstrap version (an SSM parameter) before deploying.
      {
        Sid: 'ReadBootstrapVersion',
        Effect: 'Allow',
        Action: ['ssm:GetParameter', 'ssm:GetParameters'],
        Resource: 'arn:aws:ssm:*:*:parameter/cdk-bootstrap/*',
      },
    ],
  };
}

/** Services the bootstrap roles use themselves: the staging bucket and repository, SSM, STS, CloudFormation. */
const BOOTSTRAP_ROLE_SERVICES = ['cloudformation', 'ecr', 'kms', 's3', 'ssm', 'sts'];

/** The permissions boundary of every bootstrap role of one account (`--apply-permissions-boundary-to-all-roles`). */
export function boundaryPolicy(bootstrap: AccountBootstrap, names: { execution: string; boundary: string }): object {
  const services = [...new Set([...bootstrap.services, ...BOOTSTRAP_ROLE_SERVICES])].sort();
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'AtMostRampartServices', Effect: 'Allow', Action: services.map((s) => `${s}:*`), Resource: '*' },
      {
        Sid: 'NoUsersOrKeys',
        Effect: 'Deny',
        Action: ['iam:CreateUser', 'iam:CreateAccessKey', 'iam:CreateLoginProfile', 'iam:UpdateLoginProfile'],
        Resource: '*',
      },
      {
        Sid: 'BoundaryAndPoliciesUnchangeable',
        Effect: 'Deny',
        Action: ['iam:CreatePolicyVersion', 'iam:DeletePolicy', 'iam:DeletePolicyVersion', 'iam:SetDefaultPolicyVersion'],
        Resource: [names.execution, names.boundary].map((n) => `arn:aws:iam::${bootstrap.account}:policy/${n}`),
      },
      {
        Sid: 'BootstrapRolesKeepTheirBoundary',
        Effect: 'Deny',
        Action: [
          'iam:DeleteRolePermissionsBoundary',
          'iam:PutRolePermissionsBoundary',
          'iam:UpdateAssumeRolePolicy',
          'iam:PutRolePolicy',
          'iam:AttachRolePolicy',
        ],
        Resource: `arn:aws:iam::${bootstrap.account}:role/cdk-*`,
      },
    ],
  };
}
