import { Construct } from 'constructs';
import { LogArchive } from '../constructs/audit/log-archive';
import { SecurityMonitoring } from '../constructs/audit/security-monitoring';
import { AuditTrail } from '../constructs/audit/trail';
import { ThreatDetection } from '../constructs/detection/guardduty';
import { LogsKeyRing } from '../constructs/keys/key-ring';
import { breakGlassRoleName } from '../plan/naming';
import type { AccountBaselineStackPlan } from '../plan/types';
import { PlannedStack } from './planned-stack';
import { addAccountWatch } from '../constructs/detection/account-watch';

/**
 * Audit and detection for an account and region that holds customer data but has no platform or
 * enclave stack (controls AUDIT, DETECT, DETECT-EVERY-ACCOUNT): today, the account of a tenant
 * with its own `account`. Composition only, of the constructs the platform and enclave use:
 *
 * - its own logs key (LogsKeyRing) and alerts key (SecurityMonitoring), rotating at the policy's
 *   period, never a tenant's: offboarding deletes a tenant's keys, and the account's audit archive
 *   must outlive every tenant;
 * - a log archive locked in COMPLIANCE mode for the audit retention (the HIPAA one when the account
 *   holds PHI), where AWS Config delivers;
 * - in the account's home region only: the multi-region trail (log file validation, KMS, every
 *   management event, S3 data events on every bucket of the account but this archive's two), and
 *   AWS Config recording global resources;
 * - in every region: GuardDuty, Security Hub, AWS Config and high-severity alerts to `alertEmail`.
 *
 * It holds no customer data: no data or backup key, no VPC, no workload.
 */
export class AccountBaselineStack extends PlannedStack {
  public readonly keys: LogsKeyRing;
  public readonly logArchive: LogArchive;
  /** The account's trail, in its home region only. */
  public readonly trail?: AuditTrail;
  public readonly threatDetection: ThreatDetection;
  public readonly monitoring: SecurityMonitoring;

  constructor(scope: Construct, plan: AccountBaselineStackPlan) {
    super(scope, plan);
    const { names, policy } = plan;

    // KEY-ROTATE, AUDIT: the baseline's own logs key (CloudTrail may use it only where the trail is).
    this.keys = new LogsKeyRing(this, 'Keys', {
      aliasPrefix: names.keyAliasPrefix,
      rotationPeriodDays: policy.keyRotation.awsMaxDays,
      logsKeyForCloudTrail: plan.home,
    });
    this.logArchive = new LogArchive(this, 'LogArchive', {
      encryptionKey: this.keys.logs,
      bucketName: names.logsBucket,
      accessLogsBucketName: names.accessLogsBucket,
      lockMode: 'COMPLIANCE',
      lockDays: plan.auditRetentionDays,
    });

    // AUDIT: one multi-region trail per account, recording S3 data events on every bucket of the
    // account (each tenant's, present and future, in every region) but this archive's own two.
    if (plan.home) {
      this.trail = new AuditTrail(this, 'Trail', {
        trailName: names.trail,
        archiveBucket: this.logArchive.bucket,
        encryptionKey: this.keys.logs,
        dataEventsOnEveryBucketExcept: [this.logArchive.bucket, this.logArchive.accessLogsBucket],
      });
    }

    // DETECT, DETECT-EVERY-ACCOUNT: detection in this account and region.
    this.threatDetection = new ThreatDetection(this, 'ThreatDetection', { runtimeMonitoring: plan.enhancedMonitoring });
    this.monitoring = new SecurityMonitoring(this, 'SecurityMonitoring', {
      alertEmail: plan.alertEmail,
      pagingEndpoint: plan.pagingEndpoint,
      digestEmail: plan.digestEmail,
      alertsKeyAlias: names.alertsKeyAlias,
      rotationPeriodDays: policy.keyRotation.awsMaxDays,
      archiveBucket: this.logArchive.bucket,
      archiveKey: this.keys.logs,
      recordGlobalResources: plan.home,
    });
    addAccountWatch(this, {
      monitoring: this.monitoring,
      trailLogGroup: this.trail?.logGroup,
      unusedAccess: plan.home,
      vulnerabilityAlertSeverity: plan.vulnerabilityAlertSeverity,
      breakGlassRoleName: breakGlassRoleName(plan),
      breakGlassPrincipals: plan.breakGlassPrincipals,
    });
  }
}
