import { App, CfnResource, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { IConstruct } from 'constructs';
import { RAMPART_CONTEXT } from '../lib/app/build-app';
import { Database, type DatabaseProps } from '../lib/constructs/data/database';
import type { KeyRing } from '../lib/constructs/keys/key-ring';
import { awsPart, AwsConfig } from '../lib/config/aws-part';
import { ConfigError } from '../lib/config/errors';
import { parseConfig } from '../lib/config/loader';
import type { RampartConfig } from '../lib/config/schema';
import { rampartPacks } from '../lib/nag/validation';
import { planDeployment } from '../lib/plan/plan-deployment';
import type { AwsStackPlan } from '../lib/plan/types';

/** A stack that pins its zones as Rampart's stacks do (AZ-REAL), so no placeholder zone appears offline. */
export class PinnedZonesStack extends Stack {
  public override get availabilityZones(): string[] {
    return ['a', 'b', 'c'].map((letter) => `${this.region}${letter}`);
  }
}

/** A stack in an app with Rampart's context, pinned zones and no built-in CloudFormation validation (speed). */
export function testStack(region = 'us-east-1', account = '111111111111'): Stack {
  const app = new App({ context: { ...RAMPART_CONTEXT }, builtinCloudFormationValidation: false });
  return new PinnedZonesStack(app, 'Test', { env: { account, region } });
}

export interface Finding {
  readonly ruleName: string;
  readonly constructPath: string;
}

const ACK_KEY = 'aws:cdk:acknowledged-rules';

/** `Plugin::Rule` ids acknowledged on `scope` and its ancestors. */
function acknowledgedIds(scope: IConstruct): Set<string> {
  const ids = new Set<string>();
  for (let c: IConstruct | undefined = scope; c; c = c.node.scope) {
    for (const entry of c.node.metadata) {
      if (entry.type === ACK_KEY) Object.keys(entry.data as object).forEach((id) => ids.add(id));
    }
  }
  return ids;
}

/**
 * Unacknowledged findings of every Rampart pack on `scope`, without synthesizing: what synth would
 * fail on. Mirrors CDK's matching of `Pack::Rule` acknowledgments on the resource or an ancestor.
 */
export function unacknowledgedFindings(scope: IConstruct): Finding[] {
  const byPath = new Map(scope.node.findAll().map((c) => [c.node.path, c]));
  return rampartPacks().flatMap((pack) =>
    pack.validateScope(scope).violations.flatMap((v) =>
      v.violatingResources
        .filter((r) => {
          const construct = r.constructPath === undefined ? undefined : byPath.get(r.constructPath);
          return construct === undefined || !acknowledgedIds(construct).has(`${pack.name}::${v.ruleName}`);
        })
        .map((r) => ({ ruleName: v.ruleName, constructPath: r.constructPath ?? '(unknown)' })),
    ),
  );
}

/** All `Pack::Rule -> reason` acknowledgments recorded anywhere under `scope`. */
export function acknowledgmentsUnder(scope: IConstruct): { path: string; id: string; reason: string }[] {
  return scope.node
    .findAll()
    .flatMap((c) =>
      c.node.metadata
        .filter((entry) => entry.type === ACK_KEY)
        .flatMap((entry) => Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({ path: c.node.path, id, reason }))),
    );
}

/** Removes 64-hex asset hashes so snapshots do not churn when an asset's bytes change. */
export function normalizeAssetHashes<T>(template: T): T {
  return JSON.parse(JSON.stringify(template).replace(/[0-9a-f]{64}/g, '<asset-hash>')) as T;
}

export function cfnOf(construct: IConstruct): CfnResource {
  return construct.node.defaultChild as CfnResource;
}

/** The config's AWS part; fails the test when the config has none. */
export function awsOf(config: RampartConfig): AwsConfig {
  const aws = awsPart(config);
  if (aws === undefined) throw new Error('test config has no AWS part (accounts, regions)');
  return aws;
}

/** The plan of the AWS stack of `kind` whose CLI path ends with `suffix` (e.g. `/enclave`, `/tenant-acme`). */
export function awsPlanOf<K extends AwsStackPlan['kind']>(config: RampartConfig, kind: K, suffix: string): Extract<AwsStackPlan, { kind: K }> {
  const plan = planDeployment(config).aws.find((p) => p.kind === kind && p.path.endsWith(suffix));
  if (plan === undefined) throw new Error(`no ${kind} plan ending with ${suffix}`);
  return plan as Extract<AwsStackPlan, { kind: K }>;
}

/** The one-line messages a config document fails with (`[]` when it is valid). */
export function configErrorLines(document: object): string[] {
  try {
    parseConfig(document);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.lines;
    throw error;
  }
}

/** A VPC with isolated subnets only and no NAT: where the data constructs under test live (`Vpc` in `scope`). */
export function isolatedVpc(scope: IConstruct, props: Partial<ec2.VpcProps> = {}): ec2.Vpc {
  return new ec2.Vpc(scope, 'Vpc', {
    maxAzs: 2,
    natGateways: 0,
    subnetConfiguration: [{ name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    ...props,
  });
}

/** The shared cluster as the platform builds it (`Database` in `scope`), reachable from an application group `AppSg`. */
export function testDatabase(
  scope: IConstruct,
  vpc: ec2.IVpc,
  keys: KeyRing,
  props: Partial<DatabaseProps> = {},
): { readonly database: Database; readonly app: ec2.SecurityGroup } {
  const app = new ec2.SecurityGroup(scope, 'AppSg', { vpc, allowAllOutbound: false });
  const database = new Database(scope, 'Database', {
    vpc,
    encryptionKey: keys.data,
    logsKey: keys.logs,
    clusterIdentifier: 'org-prod-db',
    allowFrom: app,
    minCapacity: 0.5,
    maxCapacity: 4,
    ...props,
  });
  return { database, app };
}
