import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { addPipelineStacks } from '../../lib/app/add-pipeline-stacks';
import { buildApp } from '../../lib/app/build-app';
import { loadConfig } from '../../lib/config/loader';
import { planDeployment } from '../../lib/plan/plan-deployment';
import { bootstrapCommands } from '../../lib/report/bootstrap/bootstrap-commands';
import {
  accountBootstraps,
  bootstrapPolicyNames,
  boundaryPolicy,
  executionPolicy,
  UnmappedResourceTypes,
} from '../../lib/report/bootstrap/bootstrap-policies';
import { namespaceOf, SERVICE_PREFIXES } from '../../lib/report/bootstrap/service-prefixes';
import { readAssembly } from '../../lib/verify/read-assembly';

type Statement = { Sid: string; Effect: string; Action: string[]; Resource: unknown };

describe('least-privilege bootstrap (npm run bootstrap-commands)', () => {
  const config = loadConfig();
  const dir = mkdtempSync(join(tmpdir(), 'rampart-bootstrap-'));
  const app = buildApp(config, { outdir: dir, nagPacks: false, builtinCloudFormationValidation: false });
  addPipelineStacks(app, config);
  app.synth();
  const bootstraps = accountBootstraps(dir);
  const names = bootstrapPolicyNames('example-saas-prod');

  test('GIVEN the default assembly THEN every resource type of every template maps to a service the execution policy allows', () => {
    const types = new Set(
      readAssembly({ awsDir: dir }).stacks.flatMap((s) =>
        Object.values((s.template as { Resources: Record<string, { Type: string }> }).Resources).map((r) => r.Type),
      ),
    );
    for (const type of types) {
      const namespace = namespaceOf(type);
      if (namespace === undefined) continue;
      expect([type, SERVICE_PREFIXES[namespace] !== undefined]).toEqual([type, true]);
    }
    for (const b of bootstraps) {
      const allowed = new Set((executionPolicy(b) as { Statement: Statement[] }).Statement[0].Action);
      for (const type of b.resourceTypes) {
        const namespace = namespaceOf(type);
        if (namespace !== undefined)
          for (const prefix of SERVICE_PREFIXES[namespace]) expect([b.account, type, allowed.has(`${prefix}:*`)]).toEqual([b.account, type, true]);
      }
    }
  });

  test('THEN each account gets the services of its own stacks only, and every account and region of the plan is bootstrapped', () => {
    const byAccount = new Map(bootstraps.map((b) => [b.account, b]));
    expect(byAccount.get('111111111111')!.services).toEqual(
      expect.arrayContaining(['ec2', 'rds', 'wafv2', 'shield', 'network-firewall', 'lambda', 'cloudformation']),
    );
    expect(byAccount.get('111111111111')!.services).not.toContain('codepipeline');
    // The pipeline's services and, for the deployment account's own baseline, audit and detection's.
    expect(byAccount.get('555555555555')!.services).toEqual([
      'access-analyzer',
      'cloudtrail',
      'cloudwatch',
      'codebuild',
      'codeconnections',
      'codepipeline',
      'codestar-connections',
      'config',
      'ecr',
      'events',
      'guardduty',
      'iam',
      'inspector2',
      'kms',
      'logs',
      'macie2',
      's3',
      'securityhub',
      'sns',
    ]);
    const envs = bootstraps.flatMap((b) => b.regions.map((r) => `${b.account}/${r}`));
    for (const plan of planDeployment(config).aws) expect(envs).toContain(`${plan.account}/${plan.region}`);
    expect(envs).toEqual(expect.arrayContaining(['555555555555/us-east-1', '555555555555/us-west-2', '555555555555/eu-west-1']));
  });

  test("THEN the boundary caps the same services plus the bootstrap roles' own and denies users, keys and changes to itself", () => {
    const boundary = boundaryPolicy(bootstraps[0], names) as { Statement: Statement[] };
    expect(boundary.Statement.map((s) => [s.Sid, s.Effect])).toEqual([
      ['AtMostRampartServices', 'Allow'],
      ['NoUsersOrKeys', 'Deny'],
      ['BoundaryAndPoliciesUnchangeable', 'Deny'],
      ['BootstrapRolesKeepTheirBoundary', 'Deny'],
    ]);
    expect(boundary.Statement[0].Action).toEqual(expect.arrayContaining(['sts:*', 'ssm:*', 'ec2:*']));
    for (const b of bootstraps) expect(JSON.stringify(executionPolicy(b)).length).toBeLessThan(6144);
  });

  test('THEN the commands trust the deployment account everywhere else, with the policy and the boundary on every bootstrap role', () => {
    const lines = bootstrapCommands({
      bootstraps,
      deploymentAccount: '555555555555',
      names,
      policyFile: (kind, account) => `out/${kind}-${account}.json`,
    });
    expect(lines).toContain(
      'npx cdk bootstrap aws://333333333333/eu-west-1 --trust 555555555555 --trust-for-lookup 555555555555 --cloudformation-execution-policies arn:aws:iam::333333333333:policy/example-saas-prod-cfn-execution --custom-permissions-boundary example-saas-prod-bootstrap-boundary --apply-permissions-boundary-to-all-roles',
    );
    expect(lines.filter((l) => l.startsWith('npx cdk bootstrap aws://555555555555/')).every((l) => !l.includes('--trust'))).toBe(true);
    expect(lines.filter((l) => l.startsWith('npx cdk bootstrap')).length).toBe(8);
  });

  test('GIVEN a resource type of a namespace no one mapped THEN the commands are refused naming it', () => {
    const fake = mkdtempSync(join(tmpdir(), 'rampart-bootstrap-unmapped-'));
    writeFileSync(
      join(fake, 'stream.template.json'),
      JSON.stringify({ Resources: { Stream: { Type: 'AWS::Kinesis::Stream' }, Key: { Type: 'AWS::KMS::Key' } } }),
    );
    writeFileSync(
      join(fake, 'manifest.json'),
      JSON.stringify({
        artifacts: {
          stream: {
            type: 'aws:cloudformation:stack',
            environment: 'aws://111111111111/us-east-1',
            properties: { templateFile: 'stream.template.json' },
          },
        },
      }),
    );
    expect(() => accountBootstraps(fake)).toThrow(UnmappedResourceTypes);
    expect(() => accountBootstraps(fake)).toThrow(
      /no IAM service prefix for AWS::Kinesis::Stream: add the namespace to lib\/report\/bootstrap\/service-prefixes.ts/,
    );
  });
});
