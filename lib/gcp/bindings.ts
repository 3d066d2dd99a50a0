/**
 * The one module that imports @cdktf/provider-google.
 *
 * CDK for Terraform was deprecated upstream on 2025-12-10 and @cdktf/provider-google 16.12.1
 * (Terraform google provider 6.50) is archived with it; no maintained fork publishes a Google
 * provider yet. Everything else in lib/gcp imports provider classes from here, and the tests and
 * the policy suite read only the synthesized cdk.tf.json, so moving to a fork (or to generated
 * bindings from `cdktf get`) means changing the import paths below and nothing else.
 *
 * Deep paths only: the package's top-level entry loads all ~1,470 resource modules (~2 s and
 * ~470 MB); each deep import below costs a few milliseconds.
 */
export { GoogleProvider } from '@cdktf/provider-google/lib/provider';

// Keys
export { KmsKeyRing } from '@cdktf/provider-google/lib/kms-key-ring';
export { KmsCryptoKey } from '@cdktf/provider-google/lib/kms-crypto-key';
export { KmsCryptoKeyIamMember } from '@cdktf/provider-google/lib/kms-crypto-key-iam-member';

// Storage and transfer
export { StorageBucket } from '@cdktf/provider-google/lib/storage-bucket';
export type { StorageBucketLifecycleRule } from '@cdktf/provider-google/lib/storage-bucket';
export { StorageBucketIamMember } from '@cdktf/provider-google/lib/storage-bucket-iam-member';
export { StorageTransferJob } from '@cdktf/provider-google/lib/storage-transfer-job';

// Database and Backup and DR
export { SqlDatabaseInstance } from '@cdktf/provider-google/lib/sql-database-instance';
export { SqlDatabase } from '@cdktf/provider-google/lib/sql-database';
export { BackupDrBackupVault } from '@cdktf/provider-google/lib/backup-dr-backup-vault';
export { BackupDrBackupPlan } from '@cdktf/provider-google/lib/backup-dr-backup-plan';
export type { BackupDrBackupPlanBackupRules } from '@cdktf/provider-google/lib/backup-dr-backup-plan';
export { BackupDrBackupPlanAssociation } from '@cdktf/provider-google/lib/backup-dr-backup-plan-association';
export { ServiceNetworkingConnection } from '@cdktf/provider-google/lib/service-networking-connection';
export { ProjectService } from '@cdktf/provider-google/lib/project-service';
export { SqlUser } from '@cdktf/provider-google/lib/sql-user';
// ERASURE: the record key store
export { FirestoreDatabase } from '@cdktf/provider-google/lib/firestore-database';

// The service behind the edge: its image repository, runtime identity and grants
export { ArtifactRegistryRepository } from '@cdktf/provider-google/lib/artifact-registry-repository';
export { CloudRunV2Service } from '@cdktf/provider-google/lib/cloud-run-v2-service';
export { ServiceAccount } from '@cdktf/provider-google/lib/service-account';
export { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';

// Network and edge
export { ComputeNetwork } from '@cdktf/provider-google/lib/compute-network';
export { ComputeSubnetwork } from '@cdktf/provider-google/lib/compute-subnetwork';
export { ComputeFirewall } from '@cdktf/provider-google/lib/compute-firewall';
export { ComputeGlobalAddress } from '@cdktf/provider-google/lib/compute-global-address';
export { ComputeSslPolicy } from '@cdktf/provider-google/lib/compute-ssl-policy';
export { ComputeSecurityPolicy } from '@cdktf/provider-google/lib/compute-security-policy';
export type { ComputeSecurityPolicyRule } from '@cdktf/provider-google/lib/compute-security-policy';
export { ComputeManagedSslCertificate } from '@cdktf/provider-google/lib/compute-managed-ssl-certificate';
export { ComputeRegionNetworkEndpointGroup } from '@cdktf/provider-google/lib/compute-region-network-endpoint-group';
export { ComputeBackendService } from '@cdktf/provider-google/lib/compute-backend-service';
export { ComputeUrlMap } from '@cdktf/provider-google/lib/compute-url-map';
export { ComputeTargetHttpsProxy } from '@cdktf/provider-google/lib/compute-target-https-proxy';
export { ComputeTargetHttpProxy } from '@cdktf/provider-google/lib/compute-target-http-proxy';
export { ComputeGlobalForwardingRule } from '@cdktf/provider-google/lib/compute-global-forwarding-rule';

// Audit and organization policy
export { ProjectIamAuditConfig } from '@cdktf/provider-google/lib/project-iam-audit-config';
export { LoggingProjectBucketConfig } from '@cdktf/provider-google/lib/logging-project-bucket-config';
export { LoggingProjectSink } from '@cdktf/provider-google/lib/logging-project-sink';
export { LoggingProjectExclusion } from '@cdktf/provider-google/lib/logging-project-exclusion';
export { OrgPolicyPolicy } from '@cdktf/provider-google/lib/org-policy-policy';

// Detection: log-based alerts and who they reach
export { MonitoringNotificationChannel } from '@cdktf/provider-google/lib/monitoring-notification-channel';
export { MonitoringAlertPolicy } from '@cdktf/provider-google/lib/monitoring-alert-policy';
export { LoggingMetric } from '@cdktf/provider-google/lib/logging-metric';

// Data sources: service agents that need access to the keys and buckets
export { DataGoogleProject } from '@cdktf/provider-google/lib/data-google-project';
export { DataGoogleStorageProjectServiceAccount } from '@cdktf/provider-google/lib/data-google-storage-project-service-account';
export { DataGoogleStorageTransferProjectServiceAccount } from '@cdktf/provider-google/lib/data-google-storage-transfer-project-service-account';
export { DataGoogleLoggingProjectSettings } from '@cdktf/provider-google/lib/data-google-logging-project-settings';

// Data sources: what the project already holds (its networks, for the default-network precondition)
export { DataGoogleComputeNetworks } from '@cdktf/provider-google/lib/data-google-compute-networks';
