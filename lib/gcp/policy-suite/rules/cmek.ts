import { PolicyRule } from '../types';
import { get, lookup, referencedAddress, reporter, resources } from '../tfjson';

/**
 * Every bucket, log bucket, database, Cloud Run service (its copy of the image) and Artifact Registry
 * repository is encrypted with a Cloud KMS key managed in the same stack.
 */
export const cmek: PolicyRule = {
  id: 'GCP-CMEK',
  controls: ['ENC-REST'],
  description:
    'Buckets, log buckets, Cloud SQL instances, Cloud Run services and Artifact Registry repositories use a customer-managed Cloud KMS key defined in the stack',
  check(stack) {
    const report = reporter(this.id, stack);
    const targets = [
      ...resources(stack, 'google_storage_bucket').map((r) => ({ ...r, key: get(r.block, 'encryption', 'default_kms_key_name') })),
      ...resources(stack, 'google_logging_project_bucket_config').map((r) => ({ ...r, key: get(r.block, 'cmek_settings', 'kms_key_name') })),
      ...resources(stack, 'google_sql_database_instance').map((r) => ({ ...r, key: r.block.encryption_key_name })),
      ...resources(stack, 'google_cloud_run_v2_service').map((r) => ({ ...r, key: get(r.block, 'template', 'encryption_key') })),
      ...resources(stack, 'google_artifact_registry_repository').map((r) => ({ ...r, key: r.block.kms_key_name })),
    ];
    return targets.flatMap(({ address, key }) => {
      if (key === undefined || key === null || key === '') return [report(address, 'has no customer-managed encryption key (CMEK)')];
      const keyAddress = referencedAddress(key);
      if (keyAddress === undefined || !keyAddress.startsWith('google_kms_crypto_key.') || lookup(stack, keyAddress) === undefined) {
        return [report(address, `uses key ${JSON.stringify(key)}, not a google_kms_crypto_key managed (rotated, protected) in this stack`)];
      }
      return [];
    });
  },
};
