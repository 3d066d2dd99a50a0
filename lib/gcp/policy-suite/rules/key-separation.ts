import { PolicyRule } from '../types';
import { get, referencedAddress, reporter, resources } from '../tfjson';

/**
 * One key per data class: no two encrypted resources share a key, so backups never share the
 * recordings key, and bucket copies are re-encrypted with the destination bucket's key.
 */
export const keySeparation: PolicyRule = {
  id: 'GCP-KEY-SEPARATE',
  controls: ['KEY-SEPARATE'],
  description:
    'Recordings, backups, audit logs, operational logs, database, the Cloud Run service and its image repository each have their own key; ' +
    'transfer jobs encrypt copies with the backup key',
  check(stack) {
    const report = reporter(this.id, stack);
    const users = [
      ...resources(stack, 'google_storage_bucket').map((r) => ({ address: r.address, key: get(r.block, 'encryption', 'default_kms_key_name') })),
      ...resources(stack, 'google_logging_project_bucket_config').map((r) => ({
        address: r.address,
        key: get(r.block, 'cmek_settings', 'kms_key_name'),
      })),
      ...resources(stack, 'google_sql_database_instance').map((r) => ({ address: r.address, key: r.block.encryption_key_name })),
      ...resources(stack, 'google_cloud_run_v2_service').map((r) => ({ address: r.address, key: get(r.block, 'template', 'encryption_key') })),
      ...resources(stack, 'google_artifact_registry_repository').map((r) => ({ address: r.address, key: r.block.kms_key_name })),
    ];
    const firstUser = new Map<string, string>();
    const findings = users.flatMap(({ address, key }) => {
      const id = referencedAddress(key) ?? (typeof key === 'string' ? key : undefined);
      if (id === undefined) return [];
      const first = firstUser.get(id);
      if (first === undefined) {
        firstUser.set(id, address);
        return [];
      }
      return [report(address, `shares key ${id} with ${first}; every data class needs its own key`)];
    });
    for (const { address, block } of resources(stack, 'google_storage_transfer_job')) {
      const kmsKey = get(block, 'transfer_spec', 'transfer_options', 'metadata_options', 'kms_key');
      if (kmsKey !== 'KMS_KEY_DESTINATION_BUCKET_DEFAULT') {
        findings.push(
          report(
            address,
            `copies objects with kms_key ${JSON.stringify(kmsKey ?? null)}; expected KMS_KEY_DESTINATION_BUCKET_DEFAULT (the backup key), not the source key`,
          ),
        );
      }
    }
    return findings;
  },
};
