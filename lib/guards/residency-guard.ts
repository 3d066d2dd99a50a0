import { CfnElement, CfnResource, IAspect, Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import type { ControlId } from '../promises/control-ids';
import { AWS_REGIONS } from '../config/regions';
import {
  findKey,
  isObject,
  Json,
  propertiesOf,
  referencedLogicalId,
  RenderedElement,
  resourceTypeIn,
  show,
  validateRendered,
  walkStrings,
} from './template-walk';

/** The controls this guard checks (lib/promises). */
export const RESIDENCY_GUARD_CONTROLS: readonly ControlId[] = ['RESIDENCY-EU'];

export interface ResidencyGuardProps {
  /** The only AWS region the guarded templates may name or store data in, e.g. `eu-west-1`. */
  readonly region: string;
  /**
   * The promise quoted at the start of every error.
   * @default `RESIDENCY-EU: EU data must stay in <region>`
   */
  readonly promise?: string;
}

const REGION_CODE = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/;

/**
 * A region code inside a string. Known regions (`AWS_REGIONS`) and any unknown one of the same shape
 * (`<geo>[-gov|-iso*]-<direction>-<n>`) so that new regions count. The direction is restricted to
 * compass words, as in every AWS region, so that names such as `db-backup-1` are not taken for a region;
 * boundaries: no letter or digit before, no digit after (so `us-east-1a`, an AZ, counts).
 */
const DIRECTION = '(?:(?:north|south)(?:east|west)?|east|west|central)';
const REGION_IN_TEXT = new RegExp(
  `(?<![A-Za-z0-9])(${[...AWS_REGIONS].map((r) => r.replace(/-/g, '\\-')).join('|')}|[a-z]{2}(?:-gov|-iso[a-z]?)?-${DIRECTION}-\\d{1,2})(?![0-9])`,
  'gi',
);

/** A non-commercial partition in an ARN (`arn:aws-cn:`, `arn:aws-us-gov:`): necessarily another region. */
const FOREIGN_PARTITION = /(?<![A-Za-z0-9])arn:(aws-[a-z-]+):/g;

/** Resource types whose whole purpose is to serve or copy data outside one region. */
const GLOBAL_TYPES: readonly { readonly match: (type: string) => boolean; readonly why: string }[] = [
  { match: (t) => t.startsWith('AWS::CloudFront::'), why: 'CloudFront caches content in edge locations outside the region' },
  { match: (t) => t.startsWith('AWS::GlobalAccelerator::'), why: 'Global Accelerator terminates traffic at edge locations outside the region' },
  { match: (t) => t === 'AWS::KMS::ReplicaKey', why: 'a KMS replica key shares key material with a primary key in another region' },
  { match: (t) => t === 'AWS::RDS::GlobalCluster', why: 'an Aurora global database replicates to other regions' },
  { match: (t) => t === 'AWS::DocDB::GlobalCluster', why: 'a DocumentDB global cluster replicates to other regions' },
  { match: (t) => t === 'AWS::ElastiCache::GlobalReplicationGroup', why: 'an ElastiCache global datastore replicates to other regions' },
  { match: (t) => t === 'AWS::S3::MultiRegionAccessPoint', why: 'a multi-region access point routes to buckets in other regions' },
  { match: (t) => t === 'AWS::S3::MultiRegionAccessPointPolicy', why: 'a multi-region access point routes to buckets in other regions' },
];

/**
 * RESIDENCY-EU as an Aspect: fails synthesis when any template under the scope it is applied to
 * names another AWS region (ARNs, endpoints, region fields, Fn::Join parts, tags, outputs,
 * parameters, mappings, overrides, anything), or contains replication or edge delivery that may take
 * data out of the region without naming one (S3 replication, ECR replication to another region,
 * multi-region KMS keys, global tables and clusters, CloudFront, WAF CLOUDFRONT scope, Global
 * Accelerator, S3 Transfer Acceleration, Backup copies not provably in-region).
 *
 * ```ts
 * Aspects.of(euStack).add(new ResidencyGuard({ region: 'eu-west-1' }));
 * ```
 *
 * Errors are `node.addValidation` errors on the offending element, so `app.synth()` throws and the
 * message carries the construct path. A multi-region CloudTrail is allowed: it records API calls of
 * other regions into this region's archive; it does not store EU data elsewhere.
 */
export class ResidencyGuard implements IAspect {
  private readonly region: string;
  private readonly promise: string;
  private readonly seen = new WeakSet<CfnElement>();
  private readonly seenStacks = new WeakSet<Stack>();

  constructor(props: ResidencyGuardProps) {
    if (!REGION_CODE.test(props.region)) {
      throw new Error(`ResidencyGuard: region must be an AWS region code such as "eu-west-1", got ${JSON.stringify(props.region)}`);
    }
    this.region = props.region;
    this.promise = props.promise ?? `RESIDENCY-EU: EU data must stay in ${props.region}`;
  }

  public visit(node: IConstruct): void {
    if (Stack.isStack(node)) this.guardStack(node);
    if (!CfnElement.isCfnElement(node) || isCdkMetadata(node)) return;
    validateRendered(node, this.seen, (rendered) => this.check(rendered, node));
  }

  /** The stack itself must be deployed to the allowed region, by a concrete region. */
  private guardStack(stack: Stack): void {
    if (this.seenStacks.has(stack)) return;
    this.seenStacks.add(stack);
    stack.node.addValidation({
      validate: () => {
        if (Token.isUnresolved(stack.region)) {
          return [`${this.promise}, but stack ${stack.node.path} is environment-agnostic (no region): pin it with env: { region: '${this.region}' }`];
        }
        const errors: string[] = [];
        if (stack.region !== this.region) errors.push(`${this.promise}, but stack ${stack.node.path} is deployed to region "${stack.region}"`);
        const description = stack.templateOptions.description ?? '';
        for (const name of this.foreignRegionsIn(description)) {
          errors.push(`${this.promise}, but stack ${stack.node.path} names ${name} in its template Description: ${show(description)}`);
        }
        return errors;
      },
    });
  }

  private check(rendered: RenderedElement, element: CfnElement): string[] {
    const where = `${rendered.kind} ${rendered.logicalId} at ${element.node.path}`;
    const errors: string[] = [];
    const flaggedPaths = new Set<string>();
    for (const found of walkStrings(rendered.body)) {
      for (const name of this.foreignRegionsIn(found.value)) {
        flaggedPaths.add(found.path);
        errors.push(`${this.promise}, but ${where} names ${name} ${found.isKey ? 'in a key ' : ''}at ${found.path}: ${show(found.value)}`);
      }
    }
    if (rendered.section === 'Resources') {
      // A structural problem at a path already reported for naming a region adds nothing.
      const structural = this.structural(rendered, Stack.of(element)).filter(
        (problem) => ![...flaggedPaths].some((p) => problem.includes(` at ${p}: `)),
      );
      errors.push(...structural.map((problem) => `${this.promise}, but ${where} ${problem}`));
    }
    return errors;
  }

  /** Other regions and partitions named in `text` (deduplicated, in order). */
  private foreignRegionsIn(text: string): string[] {
    // Every region code ends in a digit and a partition comes after `arn:`: most strings of a
    // template have neither, and skip two scans (the first an alternation of every region).
    const names = new Set<string>();
    if (/\d/.test(text)) {
      for (const m of text.matchAll(REGION_IN_TEXT)) {
        if (m[1].toLowerCase() !== this.region) names.add(m[1]);
      }
    }
    if (text.includes('arn:')) for (const m of text.matchAll(FOREIGN_PARTITION)) names.add(`partition ${m[1]}`);
    return [...names];
  }

  /** Replication and edge delivery that can move data out of the region without naming one. */
  private structural(rendered: RenderedElement, stack: Stack): string[] {
    const type = rendered.kind;
    const props = propertiesOf(rendered);
    const problems: string[] = [];
    for (const g of GLOBAL_TYPES) if (g.match(type)) problems.push(`is not allowed: ${g.why}`);

    switch (type) {
      case 'AWS::S3::Bucket':
        if (props.ReplicationConfiguration !== undefined) {
          problems.push(
            `replicates objects at Properties.ReplicationConfiguration (a destination bucket ARN does not show its region): ${show(props.ReplicationConfiguration)}`,
          );
        }
        if (isObject(props.AccelerateConfiguration) && props.AccelerateConfiguration.AccelerationStatus === 'Enabled') {
          problems.push(
            'enables S3 Transfer Acceleration at Properties.AccelerateConfiguration.AccelerationStatus: "Enabled" (data travels through edge locations outside the region)',
          );
        }
        break;
      case 'AWS::KMS::Key':
        if (props.MultiRegion === true || props.MultiRegion === 'true') {
          problems.push('is a multi-region key at Properties.MultiRegion: true (its key material can be replicated to other regions)');
        }
        break;
      case 'AWS::WAFv2::WebACL':
      case 'AWS::WAFv2::IPSet':
      case 'AWS::WAFv2::RegexPatternSet':
      case 'AWS::WAFv2::RuleGroup':
        if (props.Scope === 'CLOUDFRONT') problems.push('has Properties.Scope: "CLOUDFRONT" (global, served from edge locations outside the region)');
        break;
      case 'AWS::ECR::ReplicationConfiguration':
        problems.push(...this.regionFields(props, 'Destinations', 'Region', true));
        break;
      case 'AWS::DynamoDB::GlobalTable':
        problems.push(...this.regionFields(props, 'Replicas', 'Region', false));
        break;
      case 'AWS::EFS::FileSystem':
        problems.push(...this.regionFields(props, 'Destinations', 'Region', true));
        break;
      case 'AWS::SecretsManager::Secret':
        if (Array.isArray(props.ReplicaRegions) && props.ReplicaRegions.length > 0) {
          problems.push(`replicates the secret at Properties.ReplicaRegions: ${show(props.ReplicaRegions)}`);
        }
        break;
      case 'AWS::RDS::DBCluster':
      case 'AWS::RDS::DBInstance':
      case 'AWS::DocDB::DBCluster':
      case 'AWS::Neptune::DBCluster':
        if (props.GlobalClusterIdentifier !== undefined) {
          problems.push(`joins a global (multi-region) cluster at Properties.GlobalClusterIdentifier: ${show(props.GlobalClusterIdentifier)}`);
        }
        for (const key of ['ReplicationSourceIdentifier', 'SourceDBInstanceIdentifier', 'SourceDBClusterIdentifier']) {
          if (props[key] !== undefined && !this.inRegion(stack, props[key], true)) {
            problems.push(`is a replica or member whose source is not provably in ${this.region} at Properties.${key}: ${show(props[key])}`);
          }
        }
        if (props.SourceRegion !== undefined && props.SourceRegion !== this.region) {
          problems.push(`copies from another region at Properties.SourceRegion: ${show(props.SourceRegion)}`);
        }
        break;
      case 'AWS::Backup::BackupPlan': {
        const rules = isObject(props.BackupPlan) && Array.isArray(props.BackupPlan.BackupPlanRule) ? props.BackupPlan.BackupPlanRule : [];
        rules.forEach((rule, i) => {
          const copies = isObject(rule) && Array.isArray(rule.CopyActions) ? rule.CopyActions : [];
          copies.forEach((copy, j) => {
            const arn = isObject(copy) ? copy.DestinationBackupVaultArn : undefined;
            if (!this.inRegion(stack, arn, true)) {
              problems.push(
                `copies backups to a vault not provably in ${this.region} at Properties.BackupPlan.BackupPlanRule[${i}].CopyActions[${j}].DestinationBackupVaultArn: ${show(arn)}`,
              );
            }
          });
        });
        break;
      }
    }
    return problems;
  }

  /**
   * Every `<field>` of the objects in arrays named `<arrayKey>` (at any depth) must be the allowed
   * region, literally or as `{ Ref: AWS::Region }`: a parameter or an import could be any region.
   * `requireField`: a destination without the field is a problem too (its region is not stated).
   */
  private regionFields(props: { [key: string]: Json }, arrayKey: string, field: string, requireField: boolean): string[] {
    const problems: string[] = [];
    for (const list of findKey(props, arrayKey, 'Properties')) {
      if (!Array.isArray(list.value)) continue;
      list.value.forEach((item, i) => {
        const region = isObject(item) ? item[field] : undefined;
        if (region !== undefined && this.staticString(region) !== this.region) {
          problems.push(`replicates to region ${show(region)} at ${list.path}[${i}].${field}: ${show(region)}`);
        } else if (region === undefined && requireField) {
          problems.push(`replicates to a destination without an explicit ${field} at ${list.path}[${i}]: ${show(item)}`);
        }
      });
    }
    return problems;
  }

  /**
   * True when `value` provably designates something in the allowed region: a reference to a resource
   * of this template (same stack, same region; a parameter could hold anything), or a string (possibly an Fn::Join of literals and
   * pseudo parameters) that is either an ARN in the allowed region or, when `plainIdOk`, a plain
   * identifier (resolved in the stack's own region by the service).
   */
  private inRegion(stack: Stack, value: Json | undefined, plainIdOk: boolean): boolean {
    if (value === undefined) return false;
    const ref = referencedLogicalId(value);
    if (ref !== undefined && !ref.startsWith('AWS::')) return resourceTypeIn(stack, ref) !== undefined;
    const text = this.staticString(value);
    if (text === undefined) return false;
    if (text.startsWith('arn:')) return text.split(':')[3] === this.region;
    return plainIdOk;
  }

  /** `value` as a string when it is built only from literals and pseudo parameters, else undefined. */
  private staticString(value: Json): string | undefined {
    if (typeof value === 'string') return value;
    if (!isObject(value)) return undefined;
    if (value.Ref === 'AWS::Region') return this.region;
    if (value.Ref === 'AWS::Partition') return 'aws';
    if (value.Ref === 'AWS::URLSuffix') return 'amazonaws.com';
    if (value.Ref === 'AWS::AccountId') return '000000000000';
    const join = value['Fn::Join'];
    if (Array.isArray(join) && typeof join[0] === 'string' && Array.isArray(join[1])) {
      const parts = join[1].map((p) => this.staticString(p));
      return parts.every((p): p is string => p !== undefined) ? parts.join(join[0]) : undefined;
    }
    return undefined;
  }
}

/** CDK's own version-reporting resource and its region-list condition (added by the CLI, not by us). */
function isCdkMetadata(element: CfnElement): boolean {
  const parent = element.node.scope;
  return (
    parent !== undefined &&
    parent.node.id === 'CDKMetadata' &&
    parent.node.scope === Stack.of(element) &&
    (!CfnResource.isCfnResource(element) || element.cfnResourceType === 'AWS::CDK::Metadata')
  );
}
