import type { ControlId } from '../../promises/control-ids';
import { observe, type EvidenceKind } from '../evidence';
import type { ControlCheck } from '../types';
import { at, get, resources } from './terraform';

/**
 * TLS-HOPS on Google Cloud: past the external load balancer, the hop to the backend (the backend
 * service's protocol) and the hop to the database (Cloud SQL refusing plaintext connections).
 * Cloud Storage, KMS and the transfer service are reached only through Google APIs, which are HTTPS.
 */

const BACKEND: EvidenceKind = {
  control: 'TLS-HOPS',
  kind: 'gcp-backend-protocol-encrypted',
  subject: 'backend services encrypting the hop from the load balancer',
  expected: 'protocol HTTPS or HTTP2 (absent means HTTP, in clear)',
};

const SQL: EvidenceKind = {
  control: 'TLS-HOPS',
  kind: 'gcp-sql-encrypted-only',
  subject: 'Cloud SQL instances refusing connections without TLS',
  expected: 'settings.ip_configuration.ssl_mode ENCRYPTED_ONLY or TRUSTED_CLIENT_CERTIFICATE_REQUIRED',
};

const ENCRYPTED_BACKEND_PROTOCOLS = ['HTTPS', 'HTTP2'];
const ENCRYPTED_SQL_MODES = ['ENCRYPTED_ONLY', 'TRUSTED_CLIENT_CERTIFICATE_REQUIRED'];

const tlsHops: ControlCheck = (context) => [
  ...resources(context.stack, 'google_compute_backend_service', 'google_compute_region_backend_service').map((backend) => {
    const protocol = get(backend, 'protocol');
    return observe(
      context,
      BACKEND,
      at(backend, 'protocol'),
      protocol,
      typeof protocol === 'string' && ENCRYPTED_BACKEND_PROTOCOLS.includes(protocol),
    );
  }),
  ...resources(context.stack, 'google_sql_database_instance').map((instance) => {
    const path = ['settings', 'ip_configuration', 'ssl_mode'] as const;
    const mode = get(instance, ...path);
    return observe(context, SQL, at(instance, ...path), mode, typeof mode === 'string' && ENCRYPTED_SQL_MODES.includes(mode));
  }),
];

export const TRANSIT_CHECKS: Partial<Record<ControlId, readonly ControlCheck[]>> = { 'TLS-HOPS': [tlsHops] };
