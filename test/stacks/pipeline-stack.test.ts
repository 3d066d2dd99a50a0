import { Template } from 'aws-cdk-lib/assertions';
import { addPipelineStacks } from '../../lib/app/add-pipeline-stacks';
import { buildApp } from '../../lib/app/build-app';
import { loadConfig } from '../../lib/config/loader';
import {
  KEEP_STAGE,
  OFFBOARDING_APPROVAL,
  OFFBOARDING_DETECT_COMMANDS,
  OFFBOARDING_SIGN_OFF,
  OFFBOARDING_STAGE,
} from '../../lib/stacks/pipeline/offboarding-stages';
import { SYNTH_COMMANDS } from '../../lib/stacks/pipeline/pipeline-stack';

type Action = {
  Name: string;
  RunOrder?: number;
  ActionTypeId: { Category: string; Provider: string };
  Configuration?: Record<string, unknown>;
  Region?: string;
  Namespace?: string;
};
type PipelineStage = { Name: string; Actions: Action[]; BeforeEntry?: unknown };

/** GIVEN the default config's app with its pipeline (validators off: this suite reads the pipeline's template). */
describe('PipelineStack (default config)', () => {
  const config = loadConfig();
  const app = buildApp(config, { nagPacks: false, builtinCloudFormationValidation: false });
  const [stack, ...more] = addPipelineStacks(app, config);
  const template = Template.fromStack(stack);
  const pipeline = Object.values(template.findResources('AWS::CodePipeline::Pipeline'))[0] as {
    Properties: { Stages: PipelineStage[]; ArtifactStores?: unknown };
  };
  const stages = pipeline.Properties.Stages;

  test('THEN one pipeline stack in the deployment account, with termination protection', () => {
    expect(more).toEqual([]);
    expect([stack.account, stack.region, stack.stackName, stack.terminationProtection]).toEqual([
      '555555555555',
      'us-east-1',
      'example-saas-prod-pipeline',
      true,
    ]);
  });

  test('THEN the stages are source, synth, self-mutation, assets, one per wave in the plan order, then offboarding and keeping the assembly', () => {
    expect(stages.map((s) => s.Name)).toEqual([
      'Source',
      'Build',
      'UpdatePipeline',
      'Assets',
      'primary-platform',
      'dr-platform',
      'eu-platform',
      'hipaa-enclave',
      'account-baselines',
      'canary-tenants',
      'tenants-1',
      OFFBOARDING_STAGE,
      KEEP_STAGE,
    ]);
  });

  test('THEN the source is the configured repository and branch through the CodeConnections connection', () => {
    expect(stages[0].Actions[0]).toMatchObject({
      ActionTypeId: { Category: 'Source', Provider: 'CodeStarSourceConnection' },
      Configuration: { ConnectionArn: config.pipeline!.source.connectionArn, FullRepositoryId: 'example-saas/rampart', BranchName: 'main' },
    });
  });

  test("THEN the synth step runs exactly the README's two commands", () => {
    expect(SYNTH_COMMANDS).toEqual(['npm ci', 'npm run synth']);
    const projects = Object.values(template.findResources('AWS::CodeBuild::Project')) as { Properties: { Source: { BuildSpec: string } } }[];
    const synth = projects
      .map((p) => JSON.parse(p.Properties.Source.BuildSpec) as { phases: { build: { commands: string[] } } })
      .find((b) => b.phases.build.commands.includes('npm run synth'));
    expect(synth?.phases.build.commands).toEqual(['npm ci', 'npm run synth']);
  });

  test('THEN each wave runs the security diff, then a manual approval, then deploys only its stacks, then its check', () => {
    const waves = stages.slice(4, -2);
    expect(waves.length).toBe(7);
    for (const stage of waves) {
      const byName = new Map(stage.Actions.map((a) => [a.Name, a]));
      const diff = byName.get(`${stage.Name}-security-diff`)!;
      const approve = byName.get(`${stage.Name}-approve`)!;
      const check = byName.get(`${stage.Name}-check`)!;
      const deploys = stage.Actions.filter((a) => a.ActionTypeId.Provider === 'CloudFormation');
      expect(approve.ActionTypeId.Category).toBe('Approval');
      expect(diff.RunOrder!).toBeLessThan(approve.RunOrder!);
      for (const d of deploys) expect(d.RunOrder!).toBeGreaterThan(approve.RunOrder!);
      for (const d of deploys) expect(d.RunOrder!).toBeLessThan(check.RunOrder!);
      expect(stage.Actions.length).toBeLessThanOrEqual(50);
    }
    const deployed = (name: string) =>
      stages
        .find((s) => s.Name === name)!
        .Actions.filter((a) => a.ActionTypeId.Provider === 'CloudFormation' && a.Name.endsWith('.Deploy'))
        .map((a) => a.Configuration!.StackName)
        .sort();
    expect(deployed('primary-platform')).toEqual(['example-saas-prod-us-east-1-platform']);
    expect(deployed('hipaa-enclave')).toEqual(['example-saas-prod-us-east-1-enclave']);
    expect(deployed('canary-tenants')).toEqual(['example-saas-prod-us-east-1-tenant-acme']);
    expect(deployed('tenants-1')).toEqual([
      'example-saas-prod-eu-west-1-tenant-globex',
      'example-saas-prod-us-east-1-tenant-initech',
      'example-saas-prod-us-east-1-tenant-umbrella',
    ]);
  });

  test('THEN the security diff compares with the last deployed assembly, and the assembly is kept only in the last stage, after offboarding', () => {
    const projects = template.findResources('AWS::CodeBuild::Project') as Record<string, { Properties: { Source: { BuildSpec: string } } }>;
    const specs = Object.values(projects).map((p) => p.Properties.Source.BuildSpec);
    expect(specs.filter((s) => s.includes('npm run review -- --assembly cdk.out --base deployed-assembly')).length).toBe(7);
    expect(specs.filter((s) => s.includes('bash bin/wave-check.sh 111111111111 us-east-1 example-saas-prod-us-east-1-platform')).length).toBe(1);
    // No wave step replaces the deployed assembly: bin/offboarding-step.sh keep does, in the last stage.
    expect(specs.filter((s) => s.includes('aws s3 sync cdk.out')).length).toBe(0);
    const keep = stages.at(-1)!;
    expect(keep.Actions.map((a) => [a.Name, a.Configuration!.EnvironmentVariables])).toEqual([
      [KEEP_STAGE, JSON.stringify([{ name: 'RAMPART_STEP', type: 'PLAINTEXT', value: 'keep' }])],
    ]);
  });

  test("THEN the offboarding stage, entered only when the last check names a leaving tenant, waits for an approval naming them before its sign-off, both in the last check's project", () => {
    const offboarding = stages.at(-2)!;
    const [approve, signOff] = offboarding.Actions;
    expect([approve.Name, approve.ActionTypeId.Category, approve.RunOrder]).toEqual([OFFBOARDING_APPROVAL, 'Approval', 1]);
    expect([signOff.Name, signOff.ActionTypeId.Provider, signOff.RunOrder]).toEqual([OFFBOARDING_SIGN_OFF, 'CodeBuild', 2]);
    const lastCheck = stages.at(-3)!.Actions.find((a) => a.Name === 'tenants-1-check')!;
    const variable = `#{${lastCheck.Namespace}.OFFBOARDED_TENANTS}`;
    expect(approve.Configuration!.CustomData).toContain(`Offboard tenant(s) ${variable}`);
    expect(JSON.stringify(signOff.Configuration!.EnvironmentVariables)).toContain(
      `APPROVED_TENANTS\\",\\"type\\":\\"PLAINTEXT\\",\\"value\\":\\"${variable}`,
    );
    expect(offboarding.BeforeEntry).toEqual({
      Conditions: [{ Result: 'SKIP', Rules: [expect.objectContaining({ Configuration: { Variable: variable, Value: 'none', Operator: 'NE' } })] }],
    });
    for (const a of [signOff, stages.at(-1)!.Actions[0]]) expect(a.Configuration!.ProjectName).toEqual(lastCheck.Configuration!.ProjectName);
    const projects = template.findResources('AWS::CodeBuild::Project') as Record<string, { Properties: { Source: { BuildSpec: string } } }>;
    const spec = JSON.parse(projects[(lastCheck.Configuration!.ProjectName as { Ref: string }).Ref].Properties.Source.BuildSpec) as {
      env: { 'exported-variables': string[] };
      phases: { build: { commands: string[] } };
    };
    // The sign-off reads this pipeline's own action executions (who approved), nothing in a tenant's account.
    const statements = Object.values(template.findResources('AWS::IAM::ManagedPolicy')).flatMap(
      (p) =>
        (p as { Properties: { PolicyDocument: { Statement: { Sid?: string; Action: unknown; Resource: unknown }[] } } }).Properties.PolicyDocument
          .Statement,
    );
    expect(statements.filter((s) => JSON.stringify(s.Action ?? []).includes('codepipeline:ListActionExecutions'))).toEqual([
      expect.objectContaining({ Sid: 'ReadOffboardingApproval', Resource: 'arn:aws:codepipeline:us-east-1:555555555555:example-saas-prod-deploy' }),
    ]);
    expect(spec.env['exported-variables']).toEqual(['OFFBOARDED_TENANTS']);
    expect(spec.phases.build.commands.slice(-2)).toEqual([...OFFBOARDING_DETECT_COMMANDS]);
  });

  test('THEN artifacts are under a rotated, retained customer-managed key in versioned buckets', () => {
    const stores = (pipeline.Properties.ArtifactStores as { Region: string; ArtifactStore: { EncryptionKey?: { Type: string } } }[]).map((s) => [
      s.Region,
      s.ArtifactStore.EncryptionKey?.Type,
    ]);
    expect(stores.sort()).toEqual([
      ['eu-west-1', 'KMS'],
      ['us-east-1', 'KMS'],
      ['us-west-2', 'KMS'],
    ]);
    for (const key of Object.values(template.findResources('AWS::KMS::Key')) as {
      DeletionPolicy: string;
      Properties: { EnableKeyRotation: boolean; RotationPeriodInDays: number };
    }[]) {
      expect([key.DeletionPolicy, key.Properties.EnableKeyRotation, key.Properties.RotationPeriodInDays]).toEqual([
        'Retain',
        true,
        config.policy.keyRotation.awsMaxDays,
      ]);
    }
    template.hasResourceProperties('AWS::S3::Bucket', { VersioningConfiguration: { Status: 'Enabled' } });
  });

  test("THEN the wave steps' role has one customer-managed policy naming the lookup roles of exactly the targets", () => {
    const policies = Object.values(template.findResources('AWS::IAM::ManagedPolicy')) as {
      Properties: { PolicyDocument: { Statement: { Sid: string; Resource: unknown }[] } };
    }[];
    const assume = policies.flatMap((p) => p.Properties.PolicyDocument.Statement).find((s) => s.Sid === 'ReadDeployedStacksThroughLookupRoles')!;
    expect(JSON.stringify(assume.Resource)).toContain('cdk-hnb659fds-lookup-role-444444444444-us-east-1');
    // The deployment account's own baselines are targets too, one per region the pipeline deploys to.
    for (const region of ['us-east-1', 'us-west-2', 'eu-west-1'])
      expect(JSON.stringify(assume.Resource)).toContain(`cdk-hnb659fds-lookup-role-555555555555-${region}`);
    expect((assume.Resource as unknown[]).length).toBe(8);
  });

  test("THEN no role has an inline policy, and no identity policy names a wildcard but the self-mutation's acknowledged read", () => {
    expect(Object.keys(template.findResources('AWS::IAM::Policy'))).toEqual([]);
    // The permissions boundary grants nothing (its own test below); every other managed policy is an identity policy.
    const policies = Object.entries(template.findResources('AWS::IAM::ManagedPolicy')).filter(
      ([id]) => !id.startsWith('PipelinePermissionsBoundary'),
    ) as [string, { Properties: { PolicyDocument: { Statement: { Action: unknown; Resource: unknown }[] } } }][];
    const wildcards = policies.flatMap(([id, p]) =>
      p.Properties.PolicyDocument.Statement.filter((s) => /\*/.test(JSON.stringify(s.Resource)) || /\*/.test(JSON.stringify(s.Action))).map((s) => [
        id,
        s.Action,
        s.Resource,
      ]),
    );
    expect(wildcards).toEqual([
      [expect.stringMatching(/^PipelineUpdatePipelineSelfMutationRoleDefaultPolicyManaged/), 'cloudformation:DescribeStacks', '*'],
      [expect.stringMatching(/^PipelineUpdatePipelineSelfMutationRoleDefaultPolicyManaged/), 's3:ListBucket', '*'],
    ]);
  });

  test("THEN every role carries the pipeline's boundary and trusts its service only from this account", () => {
    const roles = Object.values(template.findResources('AWS::IAM::Role')) as {
      Properties: { PermissionsBoundary: unknown; AssumeRolePolicyDocument: { Statement: { Principal: unknown; Condition?: unknown }[] } };
    }[];
    expect(roles.length).toBe(5);
    const [boundaryId] = Object.keys(
      template.findResources('AWS::IAM::ManagedPolicy', { Properties: { ManagedPolicyName: 'example-saas-prod-deploy-boundary-us-east-1' } }),
    );
    expect(boundaryId).toMatch(/^PipelinePermissionsBoundary/);
    for (const role of roles) {
      expect(role.Properties.PermissionsBoundary).toEqual({ Ref: boundaryId });
      for (const statement of role.Properties.AssumeRolePolicyDocument.Statement)
        expect(statement.Condition).toEqual({ StringEquals: { 'aws:SourceAccount': '555555555555' } });
    }
  });

  test('THEN the wave steps read every artifact but write only the kept assembly and the offboarding records', () => {
    type Policy = { Properties: { PolicyDocument: { Statement: { Sid?: string; Action: unknown; Resource: unknown }[] } } };
    const statements = (Object.values(template.findResources('AWS::S3::BucketPolicy')) as Policy[])
      .flatMap((p) => p.Properties.PolicyDocument.Statement)
      .filter((s) => s.Sid?.startsWith('WaveSteps'));
    expect(statements.map((s) => [s.Sid, s.Action])).toEqual([
      ['WaveStepsReadArtifacts', ['s3:GetObject', 's3:GetObjectVersion']],
      ['WaveStepsKeepDeployedAssemblyAndRecords', ['s3:DeleteObject', 's3:PutObject']],
    ]);
    const written = JSON.stringify(statements[1].Resource);
    expect(written).toContain('/deployed/example-saas-prod-deploy/*');
    expect(written).toContain('/offboarding/*');
    expect(written).not.toContain('"/*"');
  });

  test('THEN the artifact keys deny grants that no AWS service makes for an AWS resource', () => {
    const keys = Object.values(template.findResources('AWS::KMS::Key')) as { Properties: { KeyPolicy: { Statement: { Sid?: string }[] } } }[];
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) expect(key.Properties.KeyPolicy.Statement.map((s) => s.Sid)).toContain('DenyGrantsNotForAwsResources');
  });

  test("THEN every CodeBuild project logs to the pipeline's one encrypted log group", () => {
    const [logGroupId] = Object.keys(template.findResources('AWS::Logs::LogGroup'));
    for (const project of Object.values(template.findResources('AWS::CodeBuild::Project')) as {
      Properties: { LogsConfig?: { CloudWatchLogs: { GroupName: unknown; Status: string } } };
    }[]) {
      expect(project.Properties.LogsConfig?.CloudWatchLogs).toEqual({ GroupName: { Ref: logGroupId }, Status: 'ENABLED' });
    }
    template.hasResourceProperties('AWS::Logs::LogGroup', { KmsKeyId: { 'Fn::GetAtt': ['LogsKey', 'Arn'] } });
  });
});
