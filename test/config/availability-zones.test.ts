import { readFileSync } from 'fs';
import { parse } from 'yaml';
import { DEFAULT_CONFIG_PATH, parseConfig } from '../../lib/config/loader';
import { configErrorLines } from '../helpers';
import { planDeployment } from '../../lib/plan/plan-deployment';

const DEFAULT_DOC = parse(readFileSync(DEFAULT_CONFIG_PATH, 'utf8')) as Record<string, any>;

const linesOf = configErrorLines;

describe('availability zones (AZ-REAL)', () => {
  test('GIVEN the default config THEN every AWS stack plan names real zones of its own region, at least maxAzs of them', () => {
    for (const plan of planDeployment(parseConfig(DEFAULT_DOC)).aws) {
      expect(plan.availabilityZones.length).toBeGreaterThanOrEqual(plan.maxAzs);
      for (const zone of plan.availabilityZones) expect(zone).toMatch(new RegExp(`^${plan.region}[a-z]$`));
    }
  });

  test('GIVEN us-west-1 as DR region without zones THEN the config names the region and why (its zone names differ between accounts)', () => {
    expect(linesOf({ ...DEFAULT_DOC, regions: { primary: 'us-east-1', dr: 'us-west-1' } })).toEqual([
      'availabilityZones.us-west-1: AZ-REAL: needs at least 3 availability zone names for us-west-1 (no default: zone names in us-west-1 differ between accounts); name them as your account sees them, got nothing',
    ]);
  });

  test('GIVEN us-west-1 zones named in config and maxAzs 2 THEN the plan pins exactly those', () => {
    const doc = {
      ...DEFAULT_DOC,
      regions: { primary: 'us-east-1', dr: 'us-west-1' },
      availabilityZones: { 'us-west-1': ['us-west-1b', 'us-west-1c'] },
      platform: { ...DEFAULT_DOC.platform, maxAzs: 2 },
    };
    const dr = planDeployment(parseConfig(doc)).aws.find((p) => p.region === 'us-west-1')!;
    expect(dr.availabilityZones).toEqual(['us-west-1b', 'us-west-1c']);
  });

  test('GIVEN a zone of another region THEN AZ-REAL names it', () => {
    expect(linesOf({ ...DEFAULT_DOC, availabilityZones: { 'us-east-1': ['us-east-1a', 'us-east-1b', 'us-west-2c'] } })).toEqual([
      'availabilityZones.us-east-1: AZ-REAL: names zones outside us-east-1, got ["us-west-2c"]',
    ]);
  });
});
