/**
 * LEAST-PRIV and PUBLIC-SURFACE on Google Cloud: Terraform resource types that grant access to Cloud
 * Storage outside uniform bucket-level IAM (object and bucket ACLs) or through long-lived HMAC keys.
 * One list for the policy suite (lib/gcp/policy-suite) and the evidence verifier (lib/verify/gcp).
 */
export const GCP_ACL_AND_KEY_TYPES: readonly string[] = [
  'google_storage_bucket_acl',
  'google_storage_default_object_acl',
  'google_storage_default_object_access_control',
  'google_storage_object_acl',
  'google_storage_object_access_control',
  'google_storage_bucket_access_control',
  'google_storage_hmac_key',
];
