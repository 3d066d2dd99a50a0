import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { addPipelineStacks } from '../../lib/app/add-pipeline-stacks';
import { buildApp, RAMPART_CONTEXT } from '../../lib/app/build-app';
import { loadConfig } from '../../lib/config/loader';
import { collapseRepeatedGrants, dropRepeats } from '../../lib/stacks/pipeline/collapse-repeated-grants';

const ENV = { account: '555555555555', region: 'eu-west-1' };
/** As every Rampart app: with cdk.json's flags, among them `@aws-cdk/aws-iam:minimizePolicies` (the merge). */
const appWithFlags = () => new App({ context: { ...RAMPART_CONTEXT } });
const DEPLOY_ROLES = ['333333333333', '444444444444'].map((account) => `arn:aws:iam::${account}:role/cdk-hnb659fds-deploy-role-${account}-eu-west-1`);

/** A key and bucket granted as CodePipeline grants a region's actions: each deploy role once per action, `actions` times. */
function grantedStack(actions: number): Stack {
  const stack = new Stack(appWithFlags(), 'Support', { env: ENV });
  const key = new kms.Key(stack, 'Key');
  const bucket = new s3.Bucket(stack, 'Bucket', { encryptionKey: key });
  for (let action = 0; action < actions; action++)
    DEPLOY_ROLES.forEach((arn, index) => {
      const role = iam.Role.fromRoleArn(stack, `Action${action}Role${index}`, arn, { mutable: false });
      bucket.grantRead(role);
    });
  return stack;
}

/**
 * A key in stack `Support` granted kms:Decrypt once for itself and once for a second stack `Other` of
 * the same environment, each statement as `statementFor` that stack says; returns `Support`.
 */
function keyGrantedPerStack(statementFor: (stack: Stack) => Pick<iam.PolicyStatementProps, 'principals' | 'conditions'>): Stack {
  const app = appWithFlags();
  const stack = new Stack(app, 'Support', { env: ENV });
  const key = new kms.Key(stack, 'Key');
  for (const owner of [stack, new Stack(app, 'Other', { env: ENV })])
    key.addToResourcePolicy(new iam.PolicyStatement({ ...statementFor(owner), actions: ['kms:Decrypt'], resources: ['*'] }));
  return stack;
}

const keyOf = (stack: Stack) => stack.node.findAll().find((c) => c instanceof kms.CfnKey) as kms.CfnKey;
const keyDocument = (stack: Stack) => keyOf(stack).keyPolicy as iam.PolicyDocument;

type Statement = { Effect: string; Action: string | string[]; Principal: { AWS: unknown }; Resource: string | string[] };
const list = <T>(value: T | T[]) => (Array.isArray(value) ? value : [value]);
/** What a rendered key policy allows or denies, one (effect, action, principal, resource) at a time. */
function grantsIn(stack: Stack): string[] {
  const statements = (Object.values(Template.fromStack(stack).findResources('AWS::KMS::Key'))[0].Properties.KeyPolicy as { Statement: Statement[] })
    .Statement;
  return [
    ...new Set(
      statements.flatMap((s) =>
        list(s.Action).flatMap((a) => list(s.Principal.AWS).flatMap((p) => list(s.Resource).map((r) => JSON.stringify([s.Effect, a, p, r])))),
      ),
    ),
  ].sort();
}

describe('collapseRepeatedGrants', () => {
  test('GIVEN 50 actions granted the same two roles WHEN collapsed THEN the key policy keeps one statement per distinct grant, and the template is the same', () => {
    const collapsed = grantedStack(50);
    const before = keyDocument(collapsed).statementCount;
    collapseRepeatedGrants([collapsed, collapsed]);
    expect(before - keyDocument(collapsed).statementCount).toBe(49 * 2);
    expect(Template.fromStack(collapsed).toJSON()).toEqual(Template.fromStack(grantedStack(50)).toJSON());
  });

  test('GIVEN statements that differ only in one principal WHEN repeats are dropped THEN both stay', () => {
    const stack = grantedStack(1);
    expect(dropRepeats(stack, keyDocument(stack))).toBe(0);
  });

  test("GIVEN grants to two stacks' roles with the same id WHEN repeats are dropped THEN both stay (a statement naming a resource is never dropped)", () => {
    const stack = keyGrantedPerStack((owner) => ({
      principals: [new iam.Role(owner, 'DeployRole', { assumedBy: new iam.AccountRootPrincipal() })],
    }));
    expect(dropRepeats(stack, keyDocument(stack))).toBe(0);
  });

  test("GIVEN grants conditioned on two stacks' ids WHEN repeats are dropped THEN both stay (another stack's AWS::StackId reads like this one's)", () => {
    const stack = keyGrantedPerStack((source) => ({
      principals: [new iam.ServicePrincipal('codepipeline.amazonaws.com')],
      conditions: { StringEquals: { 'aws:SourceArn': source.stackId } },
    }));
    expect(dropRepeats(stack, keyDocument(stack))).toBe(0);
  });

  // aws-cdk-lib's merge is greedy: after Decrypt->P1 merged with Decrypt,Encrypt->P1 and then with
  // Decrypt,Encrypt->P2, a repeat of Decrypt->P1 merges with nothing and stays a statement of its own.
  test('GIVEN a repeat the merge would leave redundant WHEN collapsed THEN the policy renders shorter and grants exactly the same', () => {
    const stacks = [0, 1].map(() => {
      const stack = new Stack(appWithFlags(), 'Support', { env: ENV });
      const key = new kms.Key(stack, 'Key');
      const [p1, p2] = DEPLOY_ROLES.map((arn) => new iam.ArnPrincipal(arn));
      const grant = (actions: string[], principal: iam.IPrincipal) =>
        key.addToResourcePolicy(new iam.PolicyStatement({ principals: [principal], actions, resources: ['*'] }));
      grant(['kms:Decrypt'], p1);
      grant(['kms:Decrypt', 'kms:Encrypt'], p1);
      grant(['kms:Decrypt', 'kms:Encrypt'], p2);
      grant(['kms:Decrypt'], p1);
      return stack;
    });
    expect(dropRepeats(stacks[1], keyDocument(stacks[1]))).toBe(1);
    const count = (stack: Stack) =>
      (Object.values(Template.fromStack(stack).findResources('AWS::KMS::Key'))[0].Properties.KeyPolicy as { Statement: unknown[] }).Statement.length;
    expect(count(stacks[1])).toBe(count(stacks[0]) - 1);
    expect(grantsIn(stacks[1])).toEqual(grantsIn(stacks[0]));
  });
});

describe('GIVEN the default config WHEN its pipelines are added', () => {
  const config = loadConfig();
  const app = buildApp(config, { nagPacks: false, builtinCloudFormationValidation: false });
  const [pipeline] = addPipelineStacks(app, config);

  test('THEN the support stacks hold no repeated grant (addPipelineStacks collapsed them)', () => {
    expect(pipeline.supportStacks.length).toBeGreaterThan(0);
    for (const support of pipeline.supportStacks) {
      const document = keyDocument(support);
      expect(document.statementCount).toBeGreaterThan(1);
      expect(dropRepeats(support, document)).toBe(0);
    }
  });
});
