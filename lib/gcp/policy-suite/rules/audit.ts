import { PolicyRule } from '../types';
import { get, list, providerSettings, reporter, resources, str } from '../tfjson';

/** Days Cloud Logging keeps entries when a bucket names no number of its own. */
const CLOUD_LOGGING_DEFAULT_DAYS = 30;

/**
 * All production access is logged: Cloud Storage data-access audit logs on in the stack's project
 * (by this stack or another stack of the app sharing the project), routed by an enabled sink into
 * a locked log bucket keeping entries at least policy.auditLogs.retentionDays.
 */
export const audit: PolicyRule = {
  id: 'GCP-AUDIT',
  controls: ['AUDIT'],
  description:
    'storage.googleapis.com DATA_READ + DATA_WRITE audit logs without exemptions; an enabled sink routes cloudaudit logs ' +
    'to a locked log bucket (>= policy.auditLogs.retentionDays)',
  check(stack, all, policy) {
    const report = reporter(this.id, stack);
    const minDays = policy.auditLogs.retentionDays;
    const findings = [];
    const project = providerSettings(stack).project;
    const configs = all
      .filter((s) => providerSettings(s).project === project)
      .flatMap((s) => resources(s, 'google_project_iam_audit_config').map((r) => ({ ...r, stack: s.name })))
      .filter((r) => r.block.service === 'storage.googleapis.com' || r.block.service === 'allServices');
    const covered = configs.some(({ block }) => {
      const types = list(block.audit_log_config).map((c) => get(c, 'log_type'));
      return types.includes('DATA_READ') && types.includes('DATA_WRITE');
    });
    if (!covered)
      findings.push(
        report(stack.name, `project ${project}: no stack of the app enables DATA_READ and DATA_WRITE audit logs for storage.googleapis.com`),
      );
    for (const { address, block } of resources(stack, 'google_project_iam_audit_config')) {
      const exempted = list(block.audit_log_config).flatMap((c) => list(get(c, 'exempted_members')));
      if (exempted.length > 0) findings.push(report(address, `exempts ${exempted.join(', ')} from audit logging`));
    }
    // The audit trail is every log bucket an audit sink writes to; other log buckets (operational logs) are not judged here.
    const logBuckets = resources(stack, 'google_logging_project_bucket_config');
    const auditSinks = resources(stack, 'google_logging_project_sink').filter(({ block }) =>
      (str(block.filter) ?? '').includes('cloudaudit.googleapis.com'),
    );
    const targetOf = (destination: string) =>
      logBuckets.find((b) => destination.includes(`\${${b.address}.bucket_id}`) || destination.endsWith(`/buckets/${str(b.block.bucket_id)}`));
    const trail = new Map(
      auditSinks.flatMap(({ block }) => [targetOf(str(block.destination) ?? '')].filter((b) => b !== undefined).map((b) => [b.address, b])),
    );
    for (const { address, block } of trail.values()) {
      if (block.locked !== true) findings.push(report(address, 'is not locked: its retention could be shortened or the bucket deleted'));
      if (typeof block.retention_days !== 'number' || block.retention_days < minDays) {
        const days = block.retention_days ?? CLOUD_LOGGING_DEFAULT_DAYS;
        findings.push(report(address, `keeps logs ${days} days; policy.auditLogs.retentionDays requires at least ${minDays}`));
      }
    }
    const sinks = auditSinks.filter(({ block }) => targetOf(str(block.destination) ?? '') !== undefined && block.disabled !== true);
    if (sinks.length === 0)
      findings.push(report(stack.name, 'no enabled sink routes Cloud Audit Logs (cloudaudit.googleapis.com) to a log bucket of the stack'));
    return findings;
  },
};
