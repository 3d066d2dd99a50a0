import { readFileSync } from 'fs';
import { parse } from 'yaml';
import { DEFAULT_CONFIG_PATH, parseConfig } from '../../lib/config/loader';
import { DEFAULT_S3_PREFIX_LISTS, PREFIX_LIST_ID } from '../../lib/config/s3-prefix-lists';
import { planDeployment } from '../../lib/plan/plan-deployment';
import type { EnclaveStackPlan } from '../../lib/plan/types';
import { configErrorLines } from '../helpers';

const DEFAULT_DOC = parse(readFileSync(DEFAULT_CONFIG_PATH, 'utf8')) as Record<string, any>;

const enclaveOf = (doc: object) => planDeployment(parseConfig(doc)).aws.find((p): p is EnclaveStackPlan => p.kind === 'aws-enclave')!;

describe('S3 prefix lists (NET-ISOLATION: the enclave reaches S3 by its prefix list, with no lookup)', () => {
  test('GIVEN the default table THEN every id is a managed prefix list id, and the regions of the default config have one', () => {
    for (const id of Object.values(DEFAULT_S3_PREFIX_LISTS)) expect(id).toMatch(PREFIX_LIST_ID);
    expect(DEFAULT_S3_PREFIX_LISTS).toMatchObject({ 'us-east-1': 'pl-63a5400a', 'us-west-2': 'pl-68a54001', 'eu-west-1': 'pl-6da54004' });
  });

  test("GIVEN the default table THEN no two regions share an id (a managed prefix list is one region's)", () => {
    const ids = Object.values(DEFAULT_S3_PREFIX_LISTS);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    // pl-78a54011 is ap-northeast-2's; ap-south-1's is not confirmed, so config names it.
    expect(DEFAULT_S3_PREFIX_LISTS['ap-northeast-2']).toBe('pl-78a54011');
    expect(DEFAULT_S3_PREFIX_LISTS['ap-south-1']).toBeUndefined();
  });

  test('GIVEN the default config THEN the enclave plan pins the us-east-1 S3 prefix list', () => {
    expect(enclaveOf(DEFAULT_DOC).s3PrefixList).toBe('pl-63a5400a');
  });

  test('GIVEN s3PrefixLists.<region> in config THEN the enclave plan uses it over the default', () => {
    expect(enclaveOf({ ...DEFAULT_DOC, s3PrefixLists: { 'us-east-1': 'pl-0123456789abcdef0' } }).s3PrefixList).toBe('pl-0123456789abcdef0');
  });

  test('GIVEN an enclave region without a default THEN the config names s3PrefixLists.<region> and the command that prints the id', () => {
    expect(configErrorLines({ ...DEFAULT_DOC, hipaa: { ...DEFAULT_DOC.hipaa, region: 'ca-central-1' } })).toEqual([
      "s3PrefixLists.ca-central-1: NET-ISOLATION: is required for the enclave region ca-central-1 (no default): the enclave's tasks reach S3 only by its prefix list; name the id that aws ec2 describe-managed-prefix-lists --region ca-central-1 --filters Name=prefix-list-name,Values=com.amazonaws.ca-central-1.s3 prints",
    ]);
    const named = {
      ...DEFAULT_DOC,
      hipaa: { ...DEFAULT_DOC.hipaa, region: 'ca-central-1' },
      s3PrefixLists: { 'ca-central-1': 'pl-0123456789abcdef0' },
    };
    expect(configErrorLines(named)).toEqual([]);
    expect(enclaveOf(named).s3PrefixList).toBe('pl-0123456789abcdef0');
  });

  test('GIVEN no enclave THEN no prefix list is needed', () => {
    expect(configErrorLines({ ...DEFAULT_DOC, hipaa: { enabled: false }, tenants: [], policy: { ...DEFAULT_DOC.policy } })).not.toContainEqual(
      expect.stringContaining('s3PrefixLists'),
    );
  });

  test('GIVEN a platform region without a default THEN the config names s3PrefixLists.<region>: the tenant schema provisioner answers CloudFormation through S3', () => {
    const doc = {
      ...DEFAULT_DOC,
      regions: { ...DEFAULT_DOC.regions, dr: 'ca-central-1' },
      availabilityZones: { 'ca-central-1': ['ca-central-1a', 'ca-central-1b', 'ca-central-1d'] },
    };
    expect(configErrorLines(doc)).toContainEqual(
      expect.stringMatching(
        /^s3PrefixLists\.ca-central-1: NET-ISOLATION: is required for the platform region ca-central-1 \(no default\): the tenant schema provisioner's/,
      ),
    );
    const named = { ...doc, s3PrefixLists: { 'ca-central-1': 'pl-0123456789abcdef0' } };
    expect(configErrorLines(named)).not.toContainEqual(expect.stringContaining('s3PrefixLists'));
    expect(planDeployment(parseConfig(named)).aws.find((p) => p.kind === 'aws-platform' && p.region === 'ca-central-1')).toMatchObject({
      s3PrefixList: 'pl-0123456789abcdef0',
    });
  });

  test('GIVEN a service name instead of an id THEN the path and value are named', () => {
    expect(configErrorLines({ ...DEFAULT_DOC, s3PrefixLists: { 'us-east-1': 'com.amazonaws.us-east-1.s3' } })).toEqual([
      's3PrefixLists.us-east-1: expected a managed prefix list id such as "pl-63a5400a", got "com.amazonaws.us-east-1.s3"',
    ]);
  });
});
