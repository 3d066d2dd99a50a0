import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { addPipelineStacks } from '../../lib/app/add-pipeline-stacks';
import { buildApp } from '../../lib/app/build-app';
import { loadConfig } from '../../lib/config/loader';
import { collapseRepeatedGrants, dropRepeats } from '../../lib/stacks/pipeline/collapse-repeated-grants';

const ENV = { account: '555555555555', region: 'eu-west-1' };
const DEPLOY_ROLES = ['333333333333', '444444444444'].map((account) => `arn:aws:iam::${account}:role/cdk-hnb659fds-deploy-role-${account}-eu-west-1`);

/** A key and bucket granted as CodePipeline grants a region's actions: each deploy role once per action, `actions` times. */
function grantedStack(actions: number): Stack {
  const stack = new Stack(new App(), 'Support', { env: ENV });
  const key = new kms.Key(stack, 'Key');
  const bucket = new s3.Bucket(stack, 'Bucket', { encryptionKey: key });
  for (let action = 0; action < actions; action++)
    DEPLOY_ROLES.forEach((arn, index) => {
      const role = iam.Role.fromRoleArn(stack, `Action${action}Role${index}`, arn, { mutable: false });
      bucket.grantRead(role);
    });
  return stack;
}

const keyDocument = (stack: Stack) => (stack.node.findAll().find((c) => c instanceof kms.CfnKey) as kms.CfnKey).keyPolicy as iam.PolicyDocument;
const bucketDocument = (stack: Stack) => (stack.node.findAll().find((c) => c instanceof s3.BucketPolicy) as s3.BucketPolicy).document;

describe('collapseRepeatedGrants', () => {
  test('GIVEN 50 actions granted the same two roles WHEN collapsed THEN each document keeps one statement per distinct grant, and the template is the same', () => {
    const collapsed = grantedStack(50);
    const before = [keyDocument(collapsed).statementCount, bucketDocument(collapsed).statementCount];
    collapseRepeatedGrants([collapsed, collapsed]);
    const after = [keyDocument(collapsed).statementCount, bucketDocument(collapsed).statementCount];
    expect(before[0] - after[0]).toBe(49 * 2);
    expect(before[1] - after[1]).toBe(49 * 2);
    expect(Template.fromStack(collapsed).toJSON()).toEqual(Template.fromStack(grantedStack(50)).toJSON());
  });

  test('GIVEN statements that differ only in one principal WHEN repeats are dropped THEN both stay', () => {
    const stack = grantedStack(1);
    expect(dropRepeats(stack, keyDocument(stack))).toBe(0);
    expect(dropRepeats(stack, bucketDocument(stack))).toBe(0);
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
      expect(dropRepeats(support, bucketDocument(support))).toBe(0);
    }
  });
});
