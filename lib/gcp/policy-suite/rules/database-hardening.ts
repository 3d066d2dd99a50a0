import { PolicyRule } from '../types';
import { get, list, reporter, resources } from '../tfjson';

const TLS_MODES = ['ENCRYPTED_ONLY', 'TRUSTED_CLIENT_CERTIFICATE_REQUIRED'];
/** Flags whose absence weakens the audit trail or authentication. */
const REQUIRED_FLAGS: Record<string, string> = {
  'cloudsql.enable_pgaudit': 'on',
  'cloudsql.iam_authentication': 'on',
  log_connections: 'on',
  log_disconnections: 'on',
};

/** Cloud SQL: private IP only, TLS required, no authorized networks, audit flags, regional HA and backups on. */
export const databaseHardening: PolicyRule = {
  id: 'GCP-SQL',
  controls: ['NET-ISOLATION', 'PUBLIC-SURFACE'],
  description: 'Cloud SQL has no public IPv4, a private network, TLS-only connections, pgAudit and connection logging, REGIONAL availability',
  check(stack) {
    const report = reporter(this.id, stack);
    return resources(stack, 'google_sql_database_instance').flatMap(({ address, block }) => {
      const findings = [];
      const ip = get(block, 'settings', 'ip_configuration');
      if (get(ip, 'ipv4_enabled') !== false) findings.push(report(address, 'has a public IPv4 address (ip_configuration.ipv4_enabled is not false)'));
      if (!get(ip, 'private_network')) findings.push(report(address, 'has no private network'));
      if (!TLS_MODES.includes(get(ip, 'ssl_mode') as string))
        findings.push(report(address, `accepts unencrypted connections (ssl_mode ${JSON.stringify(get(ip, 'ssl_mode') ?? null)})`));
      if (list(get(ip, 'authorized_networks')).length > 0) findings.push(report(address, 'has authorized networks'));
      const flags = new Map(list(get(block, 'settings', 'database_flags')).map((f) => [get(f, 'name'), get(f, 'value')]));
      for (const [flag, value] of Object.entries(REQUIRED_FLAGS)) {
        if (flags.get(flag) !== value) findings.push(report(address, `database flag ${flag} is not "${value}"`));
      }
      if (get(block, 'settings', 'availability_type') !== 'REGIONAL') findings.push(report(address, 'is not REGIONAL (no standby in a second zone)'));
      return findings;
    });
  },
};
