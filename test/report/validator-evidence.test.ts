import { App, Aspects, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { IConstruct } from 'constructs';
import { addValidationPlugins } from '../../lib/nag/validation';
import { RecordedGuard, ValidatorRunLog, type ValidatorRunsRecord } from '../../lib/nag/validator-runs';
import { GCP_POLICY_RULES } from '../../lib/gcp/policy-suite';
import { LISTING_DETAIL, validatorRuns } from '../../lib/report/validator-evidence';
import { synthesized, weakened } from '../verify/synthesized';

/**
 * The review's proof that each validator ran: from the run log the synthesis writes, from
 * validation-report.json, and from re-running the Google Cloud suite on the artifact. Each case
 * also shows the table saying "not recorded" or "failure" when the proof is absent or the artifact
 * is weakened.
 */
const build = synthesized();

const RUN_LOG: ValidatorRunsRecord = {
  schemaVersion: '1.0.0',
  plugins: [
    { name: 'Rampart', rules: 13, resources: 779, templates: 7, findings: 0 },
    { name: 'CloudFormation Validate', version: '1.14.0', resources: 779, templates: 7, findings: 75 },
  ],
  guards: [
    { name: 'ResidencyGuard', control: 'RESIDENCY-EU', stack: 'prod-eu-west-1/platform', constructs: 320, resources: 179 },
    { name: 'ResidencyGuard', control: 'RESIDENCY-EU', stack: 'prod-eu-west-1/tenant-globex', constructs: 102, resources: 48 },
  ],
};

describe('validator evidence in the review', () => {
  test('GIVEN an artifact with neither validation-report.json nor a run log WHEN reviewed THEN every AWS plugin is shown as not recorded, never as a clean 0 / 0', () => {
    const runs = validatorRuns({ assembly: build.assembly });
    const plugins = runs.filter((r) => r.kind === 'plugin');
    expect(plugins.map((r) => [r.name, r.recorded])).toEqual(
      ['CloudFormation Validate', 'AwsSolutions', 'HIPAA.Security', 'NIST.800.53.R5', 'PCI.DSS.321', 'Rampart'].map((n) => [n, false]),
    );
    expect(plugins[5].detail).toMatch(/nothing in the artifact proves it ran/);
    expect(runs.filter((r) => r.kind === 'guard')).toEqual([]);
  });

  test('GIVEN the run log of a listing (`cdk metadata`, say) WHEN reviewed THEN every AWS plugin is shown as not run, because a listing runs none', () => {
    const listing: ValidatorRunsRecord = { schemaVersion: '1.0.0', plugins: [], guards: [], listing: true };
    const plugins = validatorRuns({ assembly: build.assembly, runs: listing }).filter((r) => r.kind === 'plugin');
    expect(plugins).toHaveLength(6);
    for (const plugin of plugins) expect(plugin).toMatchObject({ recorded: false, detail: LISTING_DETAIL });
    expect(LISTING_DETAIL).toMatch(
      /^not run: a listing \(a CDK CLI command that bundles nothing, such as `cdk metadata` or `cdk drift`\) wrote this assembly/,
    );
  });

  test('GIVEN a run log WHEN reviewed THEN a clean pack absent from validation-report.json is recorded with its rules and resources, and guards are listed per stack', () => {
    const runs = validatorRuns({ assembly: build.assembly, runs: RUN_LOG });
    expect(runs.find((r) => r.name === 'Rampart')).toMatchObject({ recorded: true, conclusion: 'success', rules: 13, resources: 779, stacks: 7 });
    expect(runs.find((r) => r.name === 'CloudFormation Validate')).toMatchObject({ recorded: true, resources: 779 });
    expect(runs.find((r) => r.name === 'CloudFormation Validate')!.rules).toBeUndefined();
    expect(runs.find((r) => r.name === 'AwsSolutions')!.recorded).toBe(false);
    expect(runs.find((r) => r.kind === 'guard')).toMatchObject({ name: 'ResidencyGuard (RESIDENCY-EU)', resources: 227, stacks: 2, recorded: true });
  });

  test('GIVEN the real Google Cloud output WHEN reviewed THEN the policy suite is re-run on it, every rule, clean', () => {
    const suite = validatorRuns({ assembly: build.assembly }).find((r) => r.kind === 'policy-suite');
    expect(suite).toMatchObject({ recorded: true, conclusion: 'success', rules: GCP_POLICY_RULES.length, stacks: 2, violations: 0 });
  });

  test('GIVEN a copy whose recordings bucket lost its CMEK WHEN reviewed THEN the re-run suite fails naming GCP-CMEK', () => {
    const copy = weakened(build.assembly, 'example-saas-prod-recordings-us', (tf) => {
      const buckets = (tf as unknown as { resource: Record<string, Record<string, Record<string, unknown>>> }).resource.google_storage_bucket;
      for (const bucket of Object.values(buckets)) delete bucket.encryption;
    });
    const suite = validatorRuns({ assembly: copy }).find((r) => r.kind === 'policy-suite')!;
    expect(suite.conclusion).toBe('failure');
    expect(suite.violations).toBeGreaterThan(0);
    expect(suite.detail).toMatch(/GCP-CMEK/);
  });
});

describe('run log written during synthesis', () => {
  test('GIVEN a bucket without access logs or TLS-only policy WHEN synthesized with the recording packs THEN each pack records the rules it applied, the resources it checked and what it flagged', () => {
    const app = new App();
    const stack = new Stack(app, 'Tiny', { env: { account: '111111111111', region: 'us-east-1' } });
    new s3.CfnBucket(stack, 'Bucket');
    addValidationPlugins(app, undefined, false);
    expect(() => app.synth()).toThrow(/AwsSolutions-S1/);
    const record = ValidatorRunLog.of(app).record();
    expect(record.plugins.map((p) => p.name)).toEqual(['AwsSolutions', 'HIPAA.Security', 'NIST.800.53.R5', 'PCI.DSS.321', 'Rampart']);
    for (const p of record.plugins) {
      expect(p.resources).toBe(1);
      expect(p.rules).toBeGreaterThan(0);
    }
    expect(record.plugins.find((p) => p.name === 'AwsSolutions')!.findings).toBeGreaterThan(0);
  });

  test('GIVEN a guard wrapped for recording WHEN the app is synthesized THEN the guard still runs and every construct it visited is counted for its stack', () => {
    const app = new App();
    const stack = new Stack(app, 'Guarded');
    new s3.CfnBucket(stack, 'Bucket');
    const visited: string[] = [];
    const aspect = { visit: (node: IConstruct) => void visited.push(node.node.path) };
    Aspects.of(stack).add(new RecordedGuard(aspect, 'TestGuard', 'HIPAA'));
    app.synth();
    expect(visited).toContain('Guarded/Bucket');
    expect(ValidatorRunLog.of(app).record().guards).toEqual([
      { name: 'TestGuard', control: 'HIPAA', stack: 'Guarded', constructs: visited.length, resources: 1 },
    ]);
  });
});
