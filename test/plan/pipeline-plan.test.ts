import { awsPart } from '../../lib/config/aws-part';
import { loadConfig } from '../../lib/config/loader';
import { CODEPIPELINE_MAX_ACTIONS_PER_STAGE, MAX_STACKS_PER_WAVE, WAVE_STEP_ACTIONS } from '../../lib/config/pipeline-schema';
import type { RampartConfig } from '../../lib/config/schema';
import { tenantBenchConfig } from '../../lib/bench/tenant-configs';
import {
  CODEPIPELINE_MAX_STAGES,
  FIXED_PIPELINE_STAGES,
  MAX_WAVES_PER_PIPELINE,
  MAX_WAVES_PER_TENANT_PIPELINE,
  pipelinePlans,
} from '../../lib/plan/pipeline-plan';
import { planDeployment } from '../../lib/plan/plan-deployment';

const plansOf = (config: RampartConfig) => pipelinePlans(awsPart(config)!, planDeployment(config).aws);

describe('pipelinePlans', () => {
  test('GIVEN the default config THEN one pipeline deploys the waves in the plan order: platforms, enclave, baselines, canary tenants, then tenants', () => {
    const [plan, ...more] = plansOf(loadConfig());
    expect(more).toEqual([]);
    expect(plan).toMatchObject({
      stackId: 'prod-pipeline',
      pipelineName: 'example-saas-prod-deploy',
      account: '555555555555',
      region: 'us-east-1',
      triggerOnPush: true,
      changeSets: true,
      manualApproval: true,
      starts: [],
    });
    expect(plan.waves.map((w) => [w.id, w.stacks.map((s) => s.path)])).toEqual([
      ['primary-platform', ['prod-us-east-1/platform']],
      ['dr-platform', ['prod-us-west-2/platform']],
      ['eu-platform', ['prod-eu-west-1/platform']],
      ['hipaa-enclave', ['prod-us-east-1/enclave']],
      // initech's own account, and the deployment account the pipeline runs in.
      [
        'account-baselines',
        [
          'prod-us-east-1/account-baseline-444444444444',
          'prod-us-east-1/account-baseline-555555555555',
          'prod-us-west-2/account-baseline-555555555555',
          'prod-eu-west-1/account-baseline-555555555555',
        ],
      ],
      ['canary-tenants', ['prod-us-east-1/tenant-acme']],
      ['tenants-1', ['prod-eu-west-1/tenant-globex', 'prod-us-east-1/tenant-umbrella', 'prod-us-east-1/tenant-initech']],
    ]);
    expect(plan.waves[5].stacks[0]).toEqual({
      path: 'prod-us-east-1/tenant-acme',
      stackName: 'example-saas-prod-us-east-1-tenant-acme',
      account: '111111111111',
      region: 'us-east-1',
    });
  });

  test('GIVEN a config without pipeline: THEN there is no pipeline', () => {
    const config = loadConfig();
    expect(plansOf({ ...config, pipeline: undefined })).toEqual([]);
  });

  describe('GIVEN 1,000 generated tenants (3 canaries)', () => {
    const base = tenantBenchConfig(1000).config;
    const config: RampartConfig = { ...base, pipeline: { ...base.pipeline!, canaryTenants: ['t0007', 't0002', 't0500'] } };
    const plans = plansOf(config);

    test('THEN every stack of the plan is deployed by exactly one wave of one pipeline', () => {
      const deployed = plans.flatMap((p) => p.waves.flatMap((w) => w.stacks.map((s) => s.path)));
      expect(deployed.length).toBe(new Set(deployed).size);
      expect([...deployed].sort()).toEqual(
        planDeployment(config)
          .aws.map((p) => p.path)
          .sort(),
      );
    });

    test('THEN no wave, stage or pipeline exceeds a CodePipeline limit', () => {
      expect(MAX_STACKS_PER_WAVE * 2 + WAVE_STEP_ACTIONS).toBeLessThanOrEqual(CODEPIPELINE_MAX_ACTIONS_PER_STAGE);
      for (const [i, plan] of plans.entries()) {
        expect(plan.waves.length).toBeLessThanOrEqual(i === 0 ? MAX_WAVES_PER_PIPELINE : MAX_WAVES_PER_TENANT_PIPELINE);
        expect(plan.waves.length + FIXED_PIPELINE_STAGES).toBeLessThanOrEqual(CODEPIPELINE_MAX_STAGES);
        for (const wave of plan.waves) expect(wave.stacks.length * 2 + WAVE_STEP_ACTIONS).toBeLessThanOrEqual(CODEPIPELINE_MAX_ACTIONS_PER_STAGE);
      }
    });

    test('THEN the first pipeline deploys the shared stacks and the canaries first and starts every tenant pipeline', () => {
      const [first, ...tenantPipelines] = plans;
      expect(tenantPipelines.length).toBeGreaterThan(0);
      expect(first.waves.slice(0, 7).map((w) => w.id)).toEqual([
        'primary-platform',
        'dr-platform',
        'eu-platform',
        'hipaa-enclave',
        // The generated tenants share the platform account: only the deployment account gets a baseline.
        'account-baselines',
        'canary-tenants',
        'tenants-1',
      ]);
      expect(first.waves[4].stacks.map((s) => s.path)).toEqual([
        'prod-us-east-1/account-baseline-555555555555',
        'prod-us-west-2/account-baseline-555555555555',
        'prod-eu-west-1/account-baseline-555555555555',
      ]);
      // Canaries in config order, whatever order pipeline.canaryTenants names them in.
      expect(first.waves[5].stacks.map((s) => s.path.split('/')[1])).toEqual(['tenant-t0002', 'tenant-t0007', 'tenant-t0500']);
      expect(first.starts).toEqual(tenantPipelines.map((p) => p.pipelineName));
      expect(first.changeSets).toBe(true);
      for (const p of tenantPipelines) {
        expect(p.triggerOnPush).toBe(false);
        // Tenant stacks only, each deployed in one action (PipelinePlan.changeSets says why).
        expect(p.changeSets).toBe(false);
        expect(p.waves.every((w) => w.id.startsWith('tenants-'))).toBe(true);
      }
      expect(new Set(plans.map((p) => p.pipelineName)).size).toBe(plans.length);
      expect(new Set(plans.map((p) => p.deployedAssemblyPrefix)).size).toBe(plans.length);
    });
  });
});
