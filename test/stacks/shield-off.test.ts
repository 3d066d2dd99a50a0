import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { buildApp } from '../../lib/app/build-app';
import { loadConfig, parseConfig } from '../../lib/config/loader';
import { PlatformStack } from '../../lib/stacks/platform-stack';
import { acknowledgmentsUnder } from '../helpers';

describe('GIVEN shieldAdvanced: false', () => {
  const base = loadConfig();
  const config = parseConfig({ ...JSON.parse(JSON.stringify(base)), shieldAdvanced: false, gcp: undefined });
  const app = buildApp(config, { outdir: mkdtempSync(join(tmpdir(), 'rampart-noshield-')), builtinCloudFormationValidation: false });
  const stacks = app.node.findAll().filter(Stack.isStack);

  test('WHEN synthesized with every pack THEN it passes, without any Shield resource', () => {
    expect(() => app.synth()).not.toThrow();
    for (const stack of stacks) {
      Template.fromStack(stack).resourceCountIs('AWS::Shield::Protection', 0);
      Template.fromStack(stack).resourceCountIs('AWS::Shield::ProtectionGroup', 0);
    }
  });

  test('THEN each public load balancer carries the explicit, reasoned Shield acknowledgment and the WAF stays', () => {
    const acks = acknowledgmentsUnder(app).filter((a) => a.id === 'Rampart::Rampart-ShieldOnPublicEndpoint');
    expect(acks.map((a) => a.path)).toEqual([
      'prod-us-east-1/platform/Ingress/LoadBalancer/Resource',
      // The public silo tenant's own load balancer follows the same setting.
      'prod-us-east-1/tenant-umbrella/Ingress/LoadBalancer/Resource',
      'prod-us-west-2/platform/Ingress/LoadBalancer/Resource',
      'prod-eu-west-1/platform/Ingress/LoadBalancer/Resource',
    ]);
    expect(acks[0].reason).toMatch(/^shieldAdvanced: false in config/);
    for (const stack of stacks.filter((s) => s instanceof PlatformStack))
      Template.fromStack(stack).resourceCountIs('AWS::WAFv2::WebACLAssociation', 1);
  });
});
