import { quoteIdentifier, tenantUser } from '../constructs/data/tenant-schema/sql';
import type { CopyErasure, Residual } from './offboarding-plan';
import type { OffboardingContext as Ctx } from './offboarding-context';

export function copies(ctx: Ctx): CopyErasure[] {
  const { graceDays: g, totalDays, names, tenant } = ctx;
  const dataKey = `tenant data key ${names.dataKeyAlias}${tenant.byok ? ' (BYOK, material deleted on day ' + g + ')' : ''}`;
  const shreddedOn = tenant.byok ? g : totalDays;
  const backupKey = `tenant backup key ${names.backupKeyAlias}`;
  const logsKey = `tenant logs key ${names.logsKeyAlias}`;
  return [
    {
      copy: `data bucket ${names.dataBucketName}, every object version`,
      encryption: `SSE-KMS, ${dataKey}`,
      retention: 'plan retention (retained bucket)',
      erasedBy: 'crypto-shredding',
      erasedOnDay: shreddedOn,
      note: `unreadable from day ${g} (key disabled), key deleted on day ${totalDays}`,
    },
    {
      copy: `record key store ${names.recordKeyTableName} (DynamoDB) and its point-in-time recovery`,
      encryption: `SSE-KMS, tenant record-keys key ${names.recordKeysKeyAlias}`,
      retention: 'retained table; deleted keys restorable for its recovery window',
      erasedBy: 'crypto-shredding',
      erasedOnDay: totalDays,
      note: `unreadable from day ${g} (key disabled), key deleted on day ${totalDays}; every record key it holds goes with it`,
    },
    {
      copy:
        tenant.isolation === 'silo'
          ? 'VPC flow-log log group'
          : 'VPC flow-log log group (a pooled tenant has one only if deployed before it was pooled)',
      encryption: `SSE-KMS, ${logsKey}`,
      retention: 'log group retention (retained)',
      erasedBy: 'crypto-shredding',
      erasedOnDay: totalDays,
      note: `unreadable from day ${g}, key deleted on day ${totalDays}`,
    },
    // Silo: the tenant's own database, its point-in-time backups and each tier's one-day staging point.
    ...(ctx.silo === undefined
      ? []
      : [
          {
            copy: `Aurora cluster ${ctx.silo.databaseCluster} and its automated backups (point-in-time recovery, a week)`,
            encryption: `storage encryption, ${dataKey}`,
            retention: 'cluster retained; automated backups 7 days',
            erasedBy: 'crypto-shredding' as const,
            erasedOnDay: shreddedOn,
            note: `unreadable from day ${g} (key disabled), key deleted on day ${totalDays}`,
          },
          {
            copy: `database staging recovery points in vault ${ctx.silo.stagingVault}`,
            encryption: `Aurora snapshots under the ${dataKey}`,
            retention: '1 day each',
            erasedBy: 'deletion' as const,
            erasedOnDay: g + 1,
            note: `the last one (taken by day ${g}) expires on day ${g + 1}; shredded with the data key in any case`,
          },
        ]),
    // Pool: its rows in the serving platforms' shared databases, and the platform's backups of them.
    ...(ctx.sharedDatabases.length === 0
      ? []
      : [
          {
            copy: `rows of schema ${quoteIdentifier(tenantUser(tenant.id))} in the shared platform database${ctx.sharedDatabases.length > 1 ? 's' : ''} ${ctx.sharedDatabases.map((db) => db.cluster).join(', ')}, their automated backups and the platform's backup tiers`,
            encryption: `platform keys (not the tenant's); each record's personal fields under its own key in ${names.recordKeyTableName} (application, shared responsibility)`,
            retention: "schema until dropped; the platform's tiers up to the longest",
            erasedBy: 'crypto-shredding' as const,
            erasedOnDay: totalDays,
            note: `schema dropped on day ${g}; the platform's copies hold only fields whose record keys go with ${names.recordKeysKeyAlias} on day ${totalDays}`,
          },
        ]),
    ...ctx.policy.backupTiers.map((tier): CopyErasure => {
      const expires = g + tier.keepDays;
      const expiresFirst = expires < totalDays;
      return {
        copy: `backup tier ${tier.name} in vault ${names.vaultName} (COMPLIANCE lock)`,
        encryption:
          ctx.silo === undefined
            ? `S3 recovery points under ${backupKey}`
            : `S3 recovery points and the database's tier copies (re-encrypted on copy) under ${backupKey}`,
        retention: `${tier.keepDays} days`,
        erasedBy: expiresFirst ? 'deletion' : 'crypto-shredding',
        erasedOnDay: Math.min(expires, totalDays),
        note: expiresFirst
          ? `last recovery point (taken by day ${g}) expires by lifecycle by day ${expires}; shredded on day ${totalDays} in any case`
          : `last recovery point taken by day ${g}; the lock forbids deleting it before day ${expires}; shredded on day ${totalDays}`,
      };
    }),
    {
      copy: `access-log bucket ${names.logsBucketName}, every object version`,
      encryption: 'SSE-S3 (S3 log delivery cannot use SSE-KMS)',
      retention: 'bucket lifecycle',
      erasedBy: 'deletion',
      erasedOnDay: g + 1,
      note: `emptied on day ${g}, late deliveries swept on day ${g + 1}`,
    },
  ];
}

export function residuals(ctx: Ctx): Residual[] {
  const list: Residual[] = [
    {
      what: "The account's CloudTrail records about the tenant's resources (API calls naming its buckets, keys, stack; object keys of data events) in the account's Object-Locked log archive (the platform's, the enclave's or the account baseline's), under that archive's own logs key, never a tenant key",
      why: `The archive is the audit trail the AUDIT control promises and is locked in COMPLIANCE mode for ${ctx.tenant.hipaa ? ctx.policy.auditLogs.hipaaRetentionDays : ctx.policy.auditLogs.retentionDays} days; it holds metadata about operations, not the tenant's stored content. Keeping it is a legal obligation (GDPR Art. 17(3)(b) and (e): compliance with a legal obligation, establishment of legal claims).`,
      action:
        'Name this exemption in the erasure certificate; the records expire with the archive lifecycle. Tenants must not put personal data in object keys (documented in the tenant agreement).',
    },
    {
      what: `CloudTrail event history in account ${ctx.account} (90 days, managed by AWS)`,
      why: 'Read-only by design, metadata only, deleted by AWS after 90 days.',
      action: 'None; it is also part of the evidence of this procedure (DeleteKey, ScheduleKeyDeletion events).',
    },
    {
      what: "Platform load balancer and WAF logs of requests by the tenant's users (client IPs, paths), in the platform log archive",
      why: "Security logs kept for the detection and audit controls under the same legal-obligation and legitimate-interest exemption; not the tenant's stored data.",
      action: 'Expire with the archive lifecycle; list them in the erasure certificate.',
    },
    {
      what: 'Retained, undecryptable resources: data bucket, flow-log log group, backup vault with its remaining recovery points',
      why: `NO-LOSS retains stateful resources when a stack is deleted; after day ${ctx.totalDays} they are ciphertext without a key. The locked vault cannot be emptied before its last recovery point expires (${ctx.graceDays + Math.max(...ctx.policy.backupTiers.map((t) => t.keepDays))} days after the request).`,
      action: 'Optional cost clean-up after the keys are deleted: delete the data bucket and the log group; delete the vault once it is empty.',
    },
    {
      what: 'The tenant entry in the config repository history (id, plan, CIDR)',
      why: 'Configuration, not customer data.',
      action: 'None.',
    },
  ];
  if (ctx.tenant.byok) {
    list.splice(1, 0, {
      what: "The customer's own copy of the imported key material (BYOK)",
      why: "It never was in AWS's custody except as imported material, which was deleted on the first erasure day.",
      action:
        'Ask the customer for a written attestation that its copy is destroyed (or retained under its own policy) and file it with the evidence.',
    });
  }
  return list;
}
