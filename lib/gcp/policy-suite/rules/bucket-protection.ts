import { PolicyRule } from '../types';
import { DAY_SECONDS, get, reporter, resources } from '../tfjson';

const MIN_SOFT_DELETE_SECONDS = 7 * DAY_SECONDS;

/** Objects survive mistakes: soft delete >= 7 days and either versioning or a locked retention policy; no force_destroy. */
export const bucketProtection: PolicyRule = {
  id: 'GCP-BUCKET-PROTECT',
  controls: ['NO-LOSS'],
  description: 'Buckets keep soft delete >= 7 days, versioning or a locked retention policy, and never force_destroy',
  check(stack) {
    const report = reporter(this.id, stack);
    return resources(stack, 'google_storage_bucket').flatMap(({ address, block }) => {
      const findings = [];
      const softDelete = get(block, 'soft_delete_policy', 'retention_duration_seconds');
      if (typeof softDelete !== 'number' || softDelete < MIN_SOFT_DELETE_SECONDS) {
        findings.push(
          report(
            address,
            `soft delete keeps deleted objects ${typeof softDelete === 'number' ? softDelete / DAY_SECONDS : 'the provider default of 7'} days as configured (${JSON.stringify(softDelete ?? null)}); set at least 7 days explicitly`,
          ),
        );
      }
      const versioned = get(block, 'versioning', 'enabled') === true;
      const locked = get(block, 'retention_policy', 'is_locked') === true && typeof get(block, 'retention_policy', 'retention_period') === 'number';
      if (!versioned && !locked)
        findings.push(report(address, 'has neither object versioning nor a locked retention policy: overwrites and deletes are final'));
      if (block.force_destroy === true) findings.push(report(address, 'has force_destroy: terraform destroy would delete every object'));
      return findings;
    });
  },
};
