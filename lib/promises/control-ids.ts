/**
 * Every control Rampart knows, as one closed union: a check, a plan or a doc that names a control
 * can only name one of these, and the compiler refuses a typo. The catalog (catalog/) says what each
 * one promises; this list only fixes the spelling and the order in which docs/controls.md lists them.
 *
 * Infrastructure controls come first, then the application-level promises the policies make that no
 * infrastructure can keep (marked out of scope in the catalog, so the catalog is complete).
 */
export const CONTROL_IDS = [
  // Encryption and keys
  'ENC-REST',
  'KEY-ROTATE',
  'KEY-SEPARATE',
  'BYOK',
  'TLS-EDGE',
  'TLS-HOPS',
  // Network and availability
  'MULTI-AZ',
  'AZ-REAL',
  'NET-ISOLATION',
  'PUBLIC-SURFACE',
  'WAF',
  'DDOS',
  'IDS-IPS',
  // Audit and detection
  'AUDIT',
  'DETECT',
  'DETECT-EVERY-ACCOUNT',
  'DETECT-ACTIVITY',
  'DETECT-SENSITIVE-DATA',
  // Data lifecycle
  'BACKUP-TIERS',
  'RETENTION',
  'ERASURE',
  'WORKSPACE-DELETION',
  'NO-LOSS',
  // Placement and separation
  'RESIDENCY-EU',
  'REGION-PINNED',
  'HIPAA',
  'ISOLATION',
  // People, images and change
  'LEAST-PRIV',
  'ACCESS-MFA',
  'ACCESS-JIT',
  'ACCESS-REVIEW',
  'IMAGE-PROVENANCE',
  'VULN-SCAN',
  'IAC-REVIEW',
  // Application level: out of scope for infrastructure, listed so the catalog is complete
  'APP-VOICE-SRTP',
  'APP-DASHBOARD-AUTH',
  'APP-API-TOKENS',
  'APP-DATA-EXPORT',
  'APP-CONSENT',
  'APP-DATA-MINIMIZATION',
  'APP-PAYMENT-PASSTHROUGH',
  'APP-SDLC',
  'APP-INCIDENT-RESPONSE',
  'APP-SUBPROCESSORS',
  'APP-PRIVACY-RIGHTS',
] as const;

export type ControlId = (typeof CONTROL_IDS)[number];

export function isControlId(value: string): value is ControlId {
  return (CONTROL_IDS as readonly string[]).includes(value);
}
