/**
 * Deterministic backup vault names and ARNs. Cross-region copy targets are named, never exported:
 * CloudFormation exports cannot cross regions, and the DR stack may be deployed after the primary.
 */

/** AWS Backup vault names: 2..50 characters, letters, digits, hyphens and underscores. */
const VAULT_NAME = /^[A-Za-z0-9_-]{2,50}$/;

/** `<prefix>-vault`, e.g. `example-saas-prod-vault`; the same name in every region of an environment. */
export function backupVaultName(prefix: string): string {
  const name = `${prefix.replace(/\//g, '-')}-vault`;
  if (!VAULT_NAME.test(name)) {
    throw new Error(`backupVaultName: "${name}" is not a valid AWS Backup vault name (2..50 of A-Z a-z 0-9 - _); got prefix "${prefix}"`);
  }
  return name;
}

/**
 * `arn:aws:backup:<region>:<account>:backup-vault:<name>`. A literal `aws` partition: Rampart only
 * accepts commercial-partition regions, and the ARN must be readable in the template.
 */
export function backupVaultArn(region: string, account: string, name: string): string {
  return `arn:aws:backup:${region}:${account}:backup-vault:${name}`;
}
