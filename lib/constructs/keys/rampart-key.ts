import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { acknowledge, acknowledgeInPacks, PACKS } from '../../nag/acknowledge';
import { PUBLISHED_POLICY } from '../../promises/policy-numbers';
import { pinLogicalId } from '../pin-logical-id';
import { adminStatement, denyDirectGrantsStatement, type KeyUsers, useThroughServicesStatements } from './key-policy';

/**
 * Rotation bounds: what KMS accepts (90..2560 days). The policy's cap (KEY-ROTATE,
 * policy.keyRotation.awsMaxDays) is enforced by the plan passing it and by Rampart-KeyRotation.
 */
export const ROTATION_DAYS = { min: 90, max: 2560, default: PUBLISHED_POLICY.keyRotation.awsMaxDays } as const;
/** Waiting period before a scheduled deletion takes effect: KMS accepts 7..30 days. */
export const PENDING_WINDOW_DAYS = { min: 7, max: 30, default: 30 } as const;

export interface RampartKeyProps {
  /** Alias, e.g. `alias/example-saas/prod/data`. Deterministic, so other regions can name it. */
  readonly alias: string;
  readonly description: string;
  /**
   * AWS services (endpoint prefixes such as `s3`, `rds`, `backup`) through which principals of this
   * account may use the key. Nothing else may use it. Must not be empty.
   */
  readonly viaServices: readonly string[];
  /**
   * Extra statements: service principals that encrypt on their own (e.g. CloudWatch Logs), or one
   * more service usable only for named roles (e.g. RDS for AWS Backup's Aurora copies).
   * @default []
   */
  readonly servicePrincipalStatements?: readonly iam.PolicyStatement[];
  /**
   * Automatic rotation period in days (control KEY-ROTATE); stacks pass policy.keyRotation.awsMaxDays.
   * @default PUBLISHED_POLICY.keyRotation.awsMaxDays (365)
   */
  readonly rotationPeriodDays?: number;
  /**
   * Days between scheduling deletion and the key (and everything encrypted with it) being gone.
   * @default 30
   */
  readonly pendingWindowDays?: number;
  /**
   * BYOK: create the key with `Origin: EXTERNAL`; the customer imports (and re-imports) the key
   * material (README, "Bring your own key"). KMS cannot rotate imported material automatically,
   * so rotation is off and the customer's re-import takes its place, watched by an expiry alarm
   * (see KeyMaterialExpiryAlarm).
   * @default false - KMS generates the material and rotates it every `rotationPeriodDays`
   */
  readonly importedKeyMaterial?: boolean;
  /**
   * Narrow use through `viaServices` to these principals of the account (a pooled tenant's data key:
   * its access role, only in its tenant's session, and its backup role).
   * @default - every principal of this account, through `viaServices`
   */
  readonly users?: KeyUsers;
}

const IMPORTED_MATERIAL_REASON =
  'BYOK key (Origin EXTERNAL): AWS KMS cannot rotate imported key material automatically. Rotation is the customer re-importing new material before the current material expires, per the README runbook, and an alarm fires 30 days before expiry.'; // the expiry warning, not a policy number

/**
 * A symmetric customer-managed KMS key that cannot be created weaker than the policy allows:
 * rotation always on with a period of at most a year, a least-privilege key policy, retained when
 * removed from the app, and a logical id pinned to its construct id.
 */
export class RampartKey extends Construct {
  public readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: RampartKeyProps) {
    super(scope, id);
    const rotationDays = props.rotationPeriodDays ?? ROTATION_DAYS.default;
    if (!Number.isInteger(rotationDays) || rotationDays < ROTATION_DAYS.min || rotationDays > ROTATION_DAYS.max) {
      throw new Error(
        `RampartKey ${this.node.path}: rotationPeriodDays must be a whole number from ${ROTATION_DAYS.min} to ${ROTATION_DAYS.max}, got ${rotationDays}`,
      );
    }
    const pendingDays = props.pendingWindowDays ?? PENDING_WINDOW_DAYS.default;
    if (!Number.isInteger(pendingDays) || pendingDays < PENDING_WINDOW_DAYS.min || pendingDays > PENDING_WINDOW_DAYS.max) {
      throw new Error(
        `RampartKey ${this.node.path}: pendingWindowDays must be a whole number from ${PENDING_WINDOW_DAYS.min} to ${PENDING_WINDOW_DAYS.max}, got ${pendingDays}`,
      );
    }
    if (props.viaServices.length === 0) {
      throw new Error(`RampartKey ${this.node.path}: viaServices must name at least one AWS service, got []`);
    }
    const stack = Stack.of(this);
    const imported = props.importedKeyMaterial ?? false;
    this.key = new kms.Key(this, 'Key', {
      alias: props.alias,
      description: props.description,
      enableKeyRotation: !imported,
      rotationPeriod: imported ? undefined : Duration.days(rotationDays),
      pendingWindow: Duration.days(pendingDays),
      removalPolicy: RemovalPolicy.RETAIN,
      policy: new iam.PolicyDocument({
        statements: [
          adminStatement(),
          ...useThroughServicesStatements(stack, props.viaServices, props.users),
          ...(props.servicePrincipalStatements ?? []),
          denyDirectGrantsStatement(),
        ],
      }),
    });
    pinLogicalId(this, this.key.node.defaultChild, '');
    if (imported) {
      const cfnKey = this.key.node.defaultChild as kms.CfnKey;
      cfnKey.origin = 'EXTERNAL';
      acknowledge(cfnKey, 'AwsSolutions-KMS5', IMPORTED_MATERIAL_REASON);
      // HIPAA.Security has no rotation rule; NIST 800-53 and PCI DSS do.
      acknowledgeInPacks(cfnKey, 'KMSBackingKeyRotationEnabled', [PACKS.NIST, PACKS.PCI], IMPORTED_MATERIAL_REASON);
    }
  }
}
