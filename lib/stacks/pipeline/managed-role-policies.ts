import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { acknowledge } from '../../nag/acknowledge';

/**
 * CDK Pipelines grants its roles (the pipeline's, the synth, self-mutation and asset projects') in
 * inline default policies with CDK's wildcard grants (`s3:GetObject*` on `<bucket>/*`, `kms:*` on
 * `*` for the other regions' keys, CodeBuild's default log groups and report groups). Here each such
 * policy becomes a customer-managed policy of the same role, least privilege:
 *
 * - S3 and KMS grants on the artifact buckets and their keys move, unchanged, to the bucket's policy
 *   and the key's policy, naming the role (a resource policy grants within the account on its own), so
 *   no identity policy names an object wildcard or every key;
 * - CodeBuild's default log groups (`/aws/codebuild/<project>`) and report groups are dropped: every
 *   project logs to the pipeline's own encrypted log group (granted by name) and publishes no report;
 * - the asset role may start only the asset projects, not every project;
 * - the self-mutation role may assume only the deployment account's CDK deploy and publishing roles
 *   in the pipeline's regions, not every role tagged as one.
 *
 * The managed policy is the child of the old policy construct, whose CloudFormation resource is
 * removed, so everything that depended on the grant still waits for it. A validation fails the
 * synth if anything adds a statement to a default policy after this ran (it would be lost).
 */
export interface ManagedRolePoliciesProps {
  readonly logGroupArn: string;
  /** Artifact buckets (the pipeline's and each other region's replication bucket), each with its key. */
  readonly buckets: readonly s3.IBucket[];
  /** The deployment account's CDK bootstrap roles the self-mutation may assume. */
  readonly selfMutationAssumableRoles: readonly string[];
  /** The asset publishing projects (the asset role starts them). */
  readonly assetProjectArns: readonly string[];
}

type Json = Record<string, unknown>;

/** The one grant on every resource that stays: CDK Pipelines' self-mutation reads stacks and lists buckets before it assumes a deploy role. */
const DESCRIBE_STACKS_REASON =
  "Self-mutation runs the CDK CLI, which calls cloudformation:DescribeStacks and s3:ListBucket before assuming the deployment account's CDK roles; both only read, and a stack ARN ends in an id CloudFormation generates.";
interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Json;
}

const list = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

export function manageRolePolicies(stack: Stack, props: ManagedRolePoliciesProps): void {
  const policies = stack.node.findAll().filter((c): c is iam.Policy => c instanceof iam.Policy && c.node.id === 'DefaultPolicy');
  for (const policy of policies) {
    const role = policy.node.scope as iam.Role;
    const rendered = stack.resolve(policy.document.toJSON()) as { Statement: Statement[] } | undefined;
    const statements = rendered?.Statement ?? [];
    const kept = merged(statements.flatMap((s) => rewrite(stack, role, s, props)));
    const count = policy.document.statementCount;
    policy.node.tryRemoveChild('Resource');
    if (kept.length > 0) {
      const managed = new iam.CfnManagedPolicy(policy, 'Managed', {
        description: `Permissions of ${role.node.path} (moved from CDK's inline default policy, least privilege)`,
        policyDocument: { Version: '2012-10-17', Statement: kept },
        roles: [role.roleName],
      });
      if (kept.some((s) => list(s.Resource).includes('*'))) acknowledge(managed, 'AwsSolutions-IAM5[Resource::*]', DESCRIBE_STACKS_REASON);
    }
    policy.node.addValidation({
      validate: () => {
        const now = policy.document.statementCount;
        return now <= count ? [] : [`${policy.node.path}: ${now - count} statement(s) added after its grants were moved to a managed policy`];
      },
    });
  }
}

/** What stays in the role's managed policy from one statement (the rest moves to resource policies or is dropped). */
function rewrite(stack: Stack, role: iam.Role, statement: Statement, props: ManagedRolePoliciesProps): Statement[] {
  const actions = list(statement.Action);
  const resources = list(statement.Resource as unknown);
  const text = JSON.stringify(resources);
  const named = actions.every((a) => a.startsWith('s3:')) ? bucketsNamedIn(stack, text, props.buckets) : [];
  if (named.length > 0) {
    for (const bucket of named) grantOnBucket(bucket, role, actions, statement.Condition);
    return [];
  }
  if (actions.every((a) => a.startsWith('kms:'))) {
    const all = resources.includes('*');
    for (const bucket of props.buckets) {
      const key = bucket.encryptionKey;
      if (key !== undefined && (all || text.includes(JSON.stringify(stack.resolve(key.keyArn)).slice(1, -1)))) grantOnKey(key, role, actions);
    }
    return [];
  }
  if (actions.every((a) => a.startsWith('logs:'))) {
    // Only the pipeline's own log group; CodeBuild's default groups are never written to.
    return text.includes('/aws/codebuild/') ? [] : [{ ...statement, Resource: props.logGroupArn }];
  }
  if (actions.some((a) => a.startsWith('codebuild:') && /Report|CodeCoverages|TestCases/.test(a))) return [];
  if (actions.some((a) => a.startsWith('codebuild:')) && resources.includes('*')) return [{ ...statement, Resource: [...props.assetProjectArns] }];
  if (actions.includes('sts:AssumeRole') && statement.Condition !== undefined) {
    const { Condition: _dropped, ...rest } = statement;
    void _dropped;
    return [{ ...rest, Resource: [...props.selfMutationAssumableRoles] }];
  }
  return [statement];
}

function bucketsNamedIn(stack: Stack, text: string, buckets: readonly s3.IBucket[]): s3.IBucket[] {
  const named = buckets.filter((b) => {
    const arn = JSON.stringify(stack.resolve(b.bucketArn));
    return text.includes(arn.startsWith('"') ? arn.slice(1, -1) : arn);
  });
  return named;
}

function grantOnBucket(bucket: s3.IBucket, role: iam.Role, actions: string[], condition: Json | undefined): void {
  const result = bucket.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: `PipelineRole${Math.abs(hash(role.node.path + actions.join()))}`,
      principals: [new iam.ArnPrincipal(role.roleArn)],
      actions,
      resources: [bucket.bucketArn, bucket.arnForObjects('*')],
      ...(condition === undefined ? {} : { conditions: condition }),
    }),
  );
  if (!result.statementAdded) throw new Error(`manageRolePolicies: ${bucket.node.path} has no bucket policy to grant ${role.node.path} in`);
}

function grantOnKey(key: kms.IKey, role: iam.Role, actions: string[]): void {
  const result = key.addToResourcePolicy(new iam.PolicyStatement({ principals: [new iam.ArnPrincipal(role.roleArn)], actions, resources: ['*'] }));
  if (!result.statementAdded) throw new Error(`manageRolePolicies: ${key.node.path} has no key policy to grant ${role.node.path} in`);
}

/**
 * Statements with the same effect, actions and condition as one, with their resources deduplicated:
 * CDK Pipelines grants per action (an AssumeRole of the same deploy role for every stack), which at
 * a thousand tenants would pass IAM's 6,144-character limit on a managed policy.
 */
function merged(statements: readonly Statement[]): Statement[] {
  const byKey = new Map<string, { statement: Statement; resources: Map<string, unknown> }>();
  for (const statement of statements) {
    const key = JSON.stringify([statement.Effect, list(statement.Action).sort(), statement.Condition ?? null]);
    const entry = byKey.get(key) ?? { statement, resources: new Map<string, unknown>() };
    for (const resource of list(statement.Resource as unknown)) entry.resources.set(JSON.stringify(resource), resource);
    byKey.set(key, entry);
  }
  return [...byKey.values()].map(({ statement, resources }) => {
    const all = [...resources.values()];
    return { ...statement, Resource: all.length === 1 ? all[0] : all };
  });
}

/** A short stable number for statement ids. */
function hash(text: string): number {
  let h = 0;
  for (const c of text) h = (h * 31 + c.charCodeAt(0)) | 0;
  return h;
}
