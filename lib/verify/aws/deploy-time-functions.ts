import type { ControlId } from '../../promises/control-ids';
import { observe, pointer, type EvidenceKind } from '../evidence';
import type { CheckContext, ControlCheck, Evidence, Json } from '../types';
import { asArray, fieldValues, isObject, referencedIds, referencedLogicalId, renderString, resources, statements, type Resource } from './template';

/**
 * The deploy-time code every Rampart VPC carries: aws-cdk-lib's `Custom::VpcRestrictDefaultSG`, whose
 * Lambda function removes every rule of the VPC's default security group. Its function and role are
 * raw CloudFormation resources the cdk-nag packs never evaluate, so their scope is proven here, from
 * the template: each VPC's default group is closed by it and gains no rule from the template
 * (NET-ISOLATION), and the function may change nothing but those groups, logs to an encrypted log
 * group with a retention of the stack, and carries the tags the stack's VPC carries (LEAST-PRIV).
 * That the rules are gone after the deploy is a first deploy's to confirm (residual risks).
 */

const kinds = {
  closed: {
    control: 'NET-ISOLATION',
    kind: 'default-sg-closed',
    subject: 'VPCs whose default security group is emptied at deploy time and gains no rule from the template',
    expected:
      'a Custom::VpcRestrictDefaultSG with DefaultSecurityGroupId Fn::GetAtt <VPC>.DefaultSecurityGroup, served by a Lambda function of ' +
      'the stack; no SecurityGroupIngress/Egress on the default group',
  },
  scoped: {
    control: 'LEAST-PRIV',
    kind: 'deploy-time-function-scoped',
    subject: "deploy-time functions (the default security group's) that may change only the stack's default security groups",
    expected:
      "a role of the stack allowing only ec2:Authorize/RevokeSecurityGroupIngress/Egress on the stack's default security groups, " +
      'AWSLambdaBasicExecutionRole its only managed policy and no other policy attached; LoggingConfig.LogGroup a log group of the ' +
      "stack with KmsKeyId and RetentionInDays; the VPC's tags (but Name) on the function and its role",
  },
} satisfies Record<string, EvidenceKind>;

const SG_ACTIONS = new Set([
  'ec2:AuthorizeSecurityGroupIngress',
  'ec2:AuthorizeSecurityGroupEgress',
  'ec2:RevokeSecurityGroupIngress',
  'ec2:RevokeSecurityGroupEgress',
]);
const BASIC_EXECUTION = /^arn:aws(-[a-z-]+)?:iam::aws:policy\/service-role\/AWSLambdaBasicExecutionRole$/;
const RESTRICT_TYPE = 'Custom::VpcRestrictDefaultSG';

/** `{"Fn::GetAtt": [vpc, "DefaultSecurityGroup"]}` -> vpc, else undefined. */
function defaultGroupOf(value: Json | undefined): string | undefined {
  const getAtt = isObject(value) ? value['Fn::GetAtt'] : undefined;
  return Array.isArray(getAtt) && getAtt[1] === 'DefaultSecurityGroup' && typeof getAtt[0] === 'string' ? getAtt[0] : undefined;
}

const defaultSgClosed: ControlCheck = (context) => {
  const { stack } = context;
  const functions = new Set(resources(stack, 'AWS::Lambda::Function').map((f) => f.id));
  const restrictions = resources(stack, RESTRICT_TYPE);
  const evidence: Evidence[] = resources(stack, 'AWS::EC2::VPC').map((vpc) => {
    const closing = restrictions.find(
      (r) => defaultGroupOf(r.props.DefaultSecurityGroupId) === vpc.id && functions.has(referencedLogicalId(r.props.ServiceToken) ?? ''),
    );
    return observe(context, kinds.closed, { resource: vpc.id, pointer: pointer('Resources', vpc.id) }, closing?.id, closing !== undefined, 'missing');
  });
  for (const rule of resources(stack, 'AWS::EC2::SecurityGroupIngress', 'AWS::EC2::SecurityGroupEgress')) {
    const vpc = defaultGroupOf(rule.props.GroupId);
    if (vpc === undefined) continue;
    const place = { resource: rule.id, pointer: pointer('Resources', rule.id, 'Properties', 'GroupId') };
    evidence.push(observe(context, kinds.closed, place, rule.props.GroupId, false, 'contradicted'));
  }
  return evidence;
};

/** The ARN of a VPC's default security group as the role's policy names it, rendered in the stack's account and region. */
function defaultGroupArns(context: CheckContext): Set<string> {
  const { stack } = context;
  return new Set(
    resources(stack, 'AWS::EC2::VPC').map((vpc) => `arn:aws:ec2:${stack.region}:${stack.account}:security-group/\${${vpc.id}.DefaultSecurityGroup}`),
  );
}

/** The tags of a resource (CloudFormation list form) as `key=value` strings. */
function tagsOf(value: Json | undefined): Set<string> {
  return new Set(
    asArray(value)
      .filter(isObject)
      .map((t) => `${String(t.Key)}=${String(t.Value)}`),
  );
}

function problemsOf(context: CheckContext, fn: Resource): string[] {
  const { stack } = context;
  const problems: string[] = [];
  const roleId = referencedLogicalId(fn.props.Role);
  const role = resources(stack, 'AWS::IAM::Role').find((r) => r.id === roleId);
  if (role === undefined) return [`Role ${JSON.stringify(fn.props.Role ?? null)} is not a role of the stack`];
  const groups = defaultGroupArns(context);
  for (const policy of asArray(role.props.Policies).filter(isObject)) {
    for (const s of statements(policy.PolicyDocument).filter((x) => x.Effect !== 'Deny')) {
      const actions = fieldValues(stack, s, 'Action');
      const outside = actions.filter((a) => !SG_ACTIONS.has(a));
      if (outside.length > 0 || s.NotAction !== undefined)
        problems.push(`${role.id} allows ${[...outside, ...(s.NotAction ? ['NotAction'] : [])].join(', ')}`);
      const targets = fieldValues(stack, s, 'Resource');
      const elsewhere = targets.filter((r) => !groups.has(r));
      if (elsewhere.length > 0 || s.NotResource !== undefined || targets.length === 0) {
        problems.push(`${role.id} acts on ${elsewhere.join(', ') || 'NotResource'}`);
      }
    }
  }
  const managed = asArray(role.props.ManagedPolicyArns).map((a) => renderString(stack, a));
  for (const arn of managed.filter((a) => !BASIC_EXECUTION.test(a))) problems.push(`${role.id} has managed policy ${arn}`);
  for (const attached of resources(stack, 'AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy')) {
    if (asArray(attached.props.Roles).some((r) => referencedIds(r).has(role.id))) problems.push(`${attached.id} is attached to ${role.id}`);
  }
  const logGroupId = referencedLogicalId(isObject(fn.props.LoggingConfig) ? fn.props.LoggingConfig.LogGroup : undefined);
  const logGroup = resources(stack, 'AWS::Logs::LogGroup').find((g) => g.id === logGroupId);
  if (logGroup === undefined)
    problems.push('LoggingConfig.LogGroup is not a log group of the stack (Lambda would create one: unencrypted, kept forever)');
  else if (logGroup.props.KmsKeyId === undefined || typeof logGroup.props.RetentionInDays !== 'number') {
    problems.push(`${logGroup.id} has no KmsKeyId or RetentionInDays`);
  }
  const vpcTags = new Set(
    resources(stack, 'AWS::EC2::VPC')
      .flatMap((v) => [...tagsOf(v.props.Tags)])
      .filter((t) => !t.startsWith('Name=')),
  );
  for (const [what, tags] of [
    ['function', tagsOf(fn.props.Tags)],
    ['role', tagsOf(role.props.Tags)],
  ] as const) {
    const missing = [...vpcTags].filter((t) => !tags.has(t));
    if (missing.length > 0) problems.push(`the ${what} lacks the tags ${missing.join(', ')}`);
  }
  return problems;
}

const deployTimeFunctionScoped: ControlCheck = (context) => {
  const { stack } = context;
  const serving = new Set(resources(stack, RESTRICT_TYPE).map((r) => referencedLogicalId(r.props.ServiceToken)));
  return resources(stack, 'AWS::Lambda::Function')
    .filter((fn) => serving.has(fn.id))
    .map((fn) => {
      const problems = problemsOf(context, fn);
      const value: Json = problems.length === 0 ? 'scoped' : problems;
      return observe(context, kinds.scoped, { resource: fn.id, pointer: pointer('Resources', fn.id) }, value, problems.length === 0, 'contradicted');
    });
};

export const DEPLOY_TIME_CHECKS: Partial<Record<ControlId, readonly ControlCheck[]>> = {
  'NET-ISOLATION': [defaultSgClosed],
  'LEAST-PRIV': [deployTimeFunctionScoped],
};
