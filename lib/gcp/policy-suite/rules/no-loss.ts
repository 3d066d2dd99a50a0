import { PREVENT_DESTROY_TERRAFORM_TYPES } from '../../../nag/stateful-types';
import { PolicyRule } from '../types';
import { get, hasPreventDestroy, reporter, resources } from '../tfjson';

/** No deploy destroys data: prevent_destroy on every stateful resource, deletion protection on databases, no forced vault deletion. */
export const noLoss: PolicyRule = {
  id: 'GCP-NO-LOSS',
  controls: ['NO-LOSS'],
  description:
    'Key rings, keys, buckets, log buckets, Cloud SQL instances and backup vaults carry lifecycle prevent_destroy; databases deletion protection',
  check(stack) {
    const report = reporter(this.id, stack);
    const findings = PREVENT_DESTROY_TERRAFORM_TYPES.flatMap((type) =>
      resources(stack, type)
        .filter(({ block }) => !hasPreventDestroy(block))
        .map(({ address }) => report(address, 'is stateful but lacks lifecycle prevent_destroy')),
    );
    for (const { address, block } of resources(stack, 'google_sql_database_instance')) {
      if (block.deletion_protection === false) findings.push(report(address, 'has Terraform deletion_protection off'));
      if (get(block, 'settings', 'deletion_protection_enabled') !== true)
        findings.push(report(address, 'has Cloud SQL deletion protection (settings.deletion_protection_enabled) off'));
    }
    for (const { address, block } of resources(stack, 'google_backup_dr_backup_vault')) {
      if (block.force_delete === true) findings.push(report(address, 'has force_delete: deleting the vault would delete its backups'));
    }
    return findings;
  },
};
