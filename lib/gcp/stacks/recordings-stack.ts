import { Construct } from 'constructs';
import { TerraformOutput, TerraformStack } from 'cdktf';
import {
  DataGoogleLoggingProjectSettings,
  DataGoogleProject,
  DataGoogleStorageProjectServiceAccount,
  DataGoogleStorageTransferProjectServiceAccount,
  GoogleProvider,
} from '../bindings';
import { AlertChannels } from '../constructs/alert-channels';
import { AUDIT_EXPIRY_MARGIN_DAYS, AuditLogging, inRegions, notInRegions } from '../constructs/audit';
import { BucketBackups } from '../constructs/backup';
import { SecureBucket } from '../constructs/buckets';
import { MetadataDatabase } from '../constructs/database';
import { EdgeLoadBalancer, sslPolicyMinTlsVersion } from '../constructs/edge';
import { KeyRing } from '../constructs/keys';
import { ActivityAlerts, ArmorDeniedAlert } from '../constructs/log-alerts';
import { backupErasureRules, noncurrentVersionRule, recordingDeletionRules, tierExpiryRules } from '../constructs/lifecycle';
import { PrivateNetwork } from '../constructs/network';
import { everyEntryOf, RegionalLogStorage } from '../constructs/operational-logs';
import { EuResourceLocations } from '../constructs/org-policy';
import { ImageRepository, RecordingsService } from '../constructs/service';
import { CloudArmorPolicy } from '../constructs/waf';
import { RecordKeyStore } from '../constructs/record-keys';
import type { GcpStackPlan } from '../../plan/gcp-plans';
import { STACK_METADATA_KEY, stackMetadata } from '../../plan/stack-metadata';
import { bucketName, defaultLabels } from '../names';
import { addStateBackend } from '../state-backend';
import { gcpBackupTiers, shortestTierDays } from '../tiers';

/**
 * The recordings platform in one region: keys, recordings and backup buckets, bucket backups,
 * the metadata database with its Backup and DR plan, the private network, the image repository and
 * the Cloud Run service, the HTTPS edge in front of it, the audit trail and the log-based alerts (IAM
 * changes, Cloud Armor denials) with the channels they notify; in the EU variant also the regional log
 * storage and (with an organization) the resource-locations policy. Composition only: every resource
 * decision lives in a construct.
 */
export class RecordingsStack extends TerraformStack {
  readonly plan: GcpStackPlan;

  constructor(scope: Construct, plan: GcpStackPlan) {
    super(scope, plan.stackName);
    this.plan = plan;
    // Terraform ignores `//`: the stack's self-description for the verifier and a reviewer (lib/plan/stack-metadata.ts).
    this.addOverride(`//.${STACK_METADATA_KEY.gcp}`, stackMetadata(plan));
    const { gcp, project, region, prefix, policy } = plan;
    // Every policy number comes from the plan: tiers, rotation, audit retention, TLS minimum.
    const tiers = gcpBackupTiers(policy.backupTiers);

    new GoogleProvider(this, 'google', {
      project,
      region,
      defaultLabels: defaultLabels(plan),
      addTerraformAttributionLabel: true,
    });
    addStateBackend(this, gcp.stateBucket);

    // Service agents that act on the keys and buckets.
    const projectInfo = new DataGoogleProject(this, 'project', { projectId: project });
    const storageAgent = new DataGoogleStorageProjectServiceAccount(this, 'storage-agent', { project });
    const transferAgent = new DataGoogleStorageTransferProjectServiceAccount(this, 'transfer-agent', { project });
    const loggingSettings = new DataGoogleLoggingProjectSettings(this, 'logging-settings', { project });
    const cloudSqlAgent = `serviceAccount:service-${projectInfo.number}@gcp-sa-cloud-sql.iam.gserviceaccount.com`;
    const cloudRunAgent = `serviceAccount:service-${projectInfo.number}@serverless-robot-prod.iam.gserviceaccount.com`;
    const artifactRegistryAgent = `serviceAccount:service-${projectInfo.number}@gcp-sa-artifactregistry.iam.gserviceaccount.com`;
    const firestoreAgent = `serviceAccount:service-${projectInfo.number}@gcp-sa-firestore.iam.gserviceaccount.com`;

    // Keys: one ring in the stack's region, one key per data class.
    const keys = new KeyRing(this, 'keys', {
      project,
      location: region,
      name: `${prefix}-keys`,
      maxRotationDays: policy.keyRotation.gcpMaxDays,
      rotationDays: gcp.keys.rotationDays ?? policy.keyRotation.gcpMaxDays,
      protectionLevel: gcp.keys.protectionLevel,
    });
    const recordingsKey = keys.key('recordings');
    const backupsKey = keys.key('backups');
    const logsKey = keys.key('logs');
    const databaseKey = keys.key('database');
    const serviceKey = keys.key('service');
    const imagesKey = keys.key('images');
    const recordKeysKey = keys.key('record-keys');
    recordingsKey.grantEncryptDecrypt('storage-agent', `serviceAccount:${storageAgent.emailAddress}`);
    backupsKey.grantEncryptDecrypt('storage-agent', `serviceAccount:${storageAgent.emailAddress}`);
    logsKey.grantEncryptDecrypt('logging-agent', `serviceAccount:${loggingSettings.kmsServiceAccountId}`);
    databaseKey.grantEncryptDecrypt('cloud-sql-agent', cloudSqlAgent);
    serviceKey.grantEncryptDecrypt('cloud-run-agent', cloudRunAgent);
    imagesKey.grantEncryptDecrypt('artifact-registry-agent', artifactRegistryAgent);
    recordKeysKey.grantEncryptDecrypt('firestore-agent', firestoreAgent);

    // Buckets.
    const recordings = new SecureBucket(this, 'recordings', {
      project,
      name: bucketName(plan, 'recordings'),
      location: region,
      key: recordingsKey,
      role: 'recordings',
      protection: { kind: 'versioning' },
      softDeleteDays: gcp.storage.softDeleteDays,
      lifecycleRules: [...recordingDeletionRules(gcp.workspaces), noncurrentVersionRule(gcp.storage.noncurrentVersionDays)],
    });
    const backups = new SecureBucket(this, 'backups', {
      project,
      name: bucketName(plan, 'backups'),
      location: region,
      key: backupsKey,
      role: 'backups',
      protection: { kind: 'locked-retention', days: shortestTierDays(tiers) },
      softDeleteDays: gcp.storage.softDeleteDays,
      lifecycleRules: [...tierExpiryRules(tiers), ...backupErasureRules(gcp.workspaces, tiers)],
    });
    new BucketBackups(this, 'bucket-backups', {
      project,
      source: recordings,
      destination: backups,
      transferAgentEmail: transferAgent.email,
      tiers,
      prefix,
    });

    // Network, database, service, edge.
    const network = new PrivateNetwork(this, 'network', {
      project,
      region,
      prefix,
      subnetCidr: plan.network.subnetCidr,
      servicesCidr: plan.network.servicesCidr,
      healthCheckPorts: gcp.edge.healthCheckPorts,
    });
    const database = new MetadataDatabase(this, 'database', {
      project,
      region,
      prefix,
      tier: gcp.database.tier,
      version: gcp.database.version,
      key: databaseKey,
      network,
      tiers,
    });
    const armor = new CloudArmorPolicy(this, 'armor', {
      project,
      name: `${prefix}-armor`,
      wafSensitivity: gcp.edge.wafSensitivity,
      rateLimitRequests: gcp.edge.rateLimitRequests,
      rateLimitIntervalSec: gcp.edge.rateLimitIntervalSec,
    });
    // The Container Scanning API is project-wide: enabled by the stack that owns the project, like its audit config.
    const images = new ImageRepository(this, 'images', { project, region, prefix, key: imagesKey, enableScanningApi: plan.ownsProject });
    const service = new RecordingsService(this, 'service', {
      project,
      region,
      prefix,
      name: gcp.edge.cloudRunService,
      image: gcp.service.image,
      port: gcp.service.port,
      repository: images,
      key: serviceKey,
      network,
      recordings,
      database,
    });
    // ERASURE of single records: each recording's and row's own data key lives only here (seven days of
    // point-in-time recovery, no backup schedule), so the tiers kept a year hold ciphertext whose key is gone.
    const recordKeys = new RecordKeyStore(this, 'record-keys', { project, region, prefix, key: recordKeysKey });
    recordKeys.grantRecordKeys('service-record-keys', service.identity.member);
    const edge = new EdgeLoadBalancer(this, 'edge', {
      project,
      region,
      prefix,
      domain: plan.domain,
      minTlsVersion: sslPolicyMinTlsVersion(policy.tls.minimum),
      tlsProfile: gcp.edge.tlsProfile,
      service: service.service,
      securityPolicy: armor,
    });

    // Audit trail.
    new AuditLogging(this, 'audit', {
      project,
      region,
      prefix,
      key: logsKey,
      minRetentionDays: policy.auditLogs.retentionDays,
      retentionDays: gcp.audit.retentionDays ?? policy.auditLogs.retentionDays + AUDIT_EXPIRY_MARGIN_DAYS,
      manageAuditConfig: plan.ownsProject,
      locationFilter:
        plan.variant === 'eu' ? inRegions([region]) : plan.otherRegionsInProject.length > 0 ? notInRegions(plan.otherRegionsInProject) : undefined,
    });

    // Detection: log-based alerts to email and the paging webhook. IAM is project-wide, so the stack that owns
    // the project watches its IAM changes; each stack watches its own Cloud Armor policy.
    const channels = new AlertChannels(this, 'alert-channels', {
      project,
      prefix,
      email: gcp.alerts.email,
      pagingEndpoint: gcp.alerts.pagingEndpoint,
    });
    if (plan.ownsProject) new ActivityAlerts(this, 'activity-alerts', { project, prefix, channels });
    new ArmorDeniedAlert(this, 'armor-denied', { project, prefix, securityPolicy: armor, threshold: gcp.alerts.armorDeniedRequests, channels });

    if (plan.variant === 'eu') {
      // Every entry the EU stack's resources log stays in the region: into an EU log bucket, out of _Default.
      const operationalLogsKey = keys.key('operational-logs');
      operationalLogsKey.grantEncryptDecrypt('logging-agent', `serviceAccount:${loggingSettings.kmsServiceAccountId}`);
      new RegionalLogStorage(this, 'regional-logs', {
        project,
        region,
        prefix,
        key: operationalLogsKey,
        retentionDays: policy.erasure.deadlineDays,
        // A project of its own: everything it logs. A shared project: entries located in the region, and the
        // request logs of this stack's global load balancer (client addresses and URLs of EU users).
        filter: plan.ownsProject ? everyEntryOf(project) : `${inRegions([region])} OR resource.labels.forwarding_rule_name:"${prefix}-"`,
      });
      if (gcp.organizationId !== undefined) new EuResourceLocations(this, 'eu-locations', { project });
    }

    new TerraformOutput(this, 'load-balancer-ip', { value: edge.address.address, description: `Point ${plan.domain} (A record) here` });
    new TerraformOutput(this, 'recordings-bucket', { value: recordings.name });
    new TerraformOutput(this, 'backups-bucket', { value: backups.name });
    new TerraformOutput(this, 'image-repository', {
      value: images.path,
      description: `Push ${gcp.service.image} here before the service is created`,
    });
  }
}
