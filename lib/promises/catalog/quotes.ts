import { POLICY_FILES, type PolicyQuote } from '../types';

/**
 * Every sentence the catalog quotes, once, verbatim from the two published policies in
 * shared/policies/ (test/promises/catalog.test.ts finds each one under its section). Several
 * controls quote the same sentence, so the sentences live here and the group files refer to them.
 *
 * Policy numbers appear in this file only inside quoted text: the catalog's own words never repeat
 * a number; `numbers` reads them from the resolved policy instead.
 */

function voiceAi(section: string, text: string): PolicyQuote {
  return { file: POLICY_FILES.voiceAi, section, text };
}

function screenRecording(section: string, text: string): PolicyQuote {
  return { file: POLICY_FILES.screenRecording, section, text };
}

// voice-ai-saas-on-aws.md
const AT_REST = 'At Rest';
const IN_TRANSIT = 'In Transit';
const CLOUD = 'Cloud Infrastructure';
const NETWORK = 'Network Security';
const ACCESS = 'Access Control';
const HIPAA = 'HIPAA (Health Insurance Portability and Accountability Act)';
const GDPR = 'GDPR (General Data Protection Regulation)';
const RETENTION = 'Data Retention Policies';
const INCIDENTS = 'Incident Response Process';
const SDLC = 'Secure Development Lifecycle';
const AUTH = 'Authentication and Authorization';

// screen-recording-saas-on-gcp.md
const JAM_FIREWALLS = 'Has Jam deployed firewalls and intrusion detection and prevention systems in your environment?';
const JAM_SCANS = 'How often is Jam performing vulnerability scans and penetration tests on your own infrastructure?';
const JAM_MINIMIZE = 'How does Jam minimize the amount of sensitive information it collects?';
const JAM_TIERS = 'Frequency Retention period';
const JAM_INCIDENTS = 'What are Jam’s practices for reacting to security incidents?';

export const Q = {
  // Encryption and keys
  aes256AtRest: voiceAi(AT_REST, 'All stored data is encrypted using **AES-256** encryption.'),
  kmsRotation: voiceAi(AT_REST, 'Encryption keys are managed through AWS Key Management Service (KMS) with automatic key rotation.'),
  backupsSeparateKeys: voiceAi(AT_REST, 'Database backups are encrypted with separate keys.'),
  byok: voiceAi(AT_REST, 'Enterprise customers can provide their own encryption keys (BYOK -- Bring Your Own Key) for maximum control.'),
  tls13: voiceAi(IN_TRANSIT, 'All data in transit is encrypted using **TLS 1.3** (minimum TLS 1.2).'),
  https: voiceAi(IN_TRANSIT, 'API communications, webhook deliveries, and dashboard access all use HTTPS.'),
  jamEncryption: screenRecording('Encryption', 'Data is encrypted at rest (AES-256) and in transit (HTTPS/TLS).'),

  // Network and availability
  multiAz: voiceAi(CLOUD, 'Deployed across multiple Availability Zones for high availability'),
  vpcIsolation: voiceAi(CLOUD, 'Virtual Private Cloud (VPC) isolation with strict security group rules'),
  noPublicServers: voiceAi(CLOUD, 'No public-facing servers other than load balancers and API gateways'),
  waf: voiceAi(NETWORK, 'Web Application Firewall (WAF) protects all public endpoints'),
  shield: voiceAi(NETWORK, 'DDoS protection through AWS Shield Advanced'),
  idsIps: voiceAi(NETWORK, 'Intrusion detection and prevention systems (IDS/IPS) monitor all network traffic'),
  jamFirewalls: screenRecording(
    JAM_FIREWALLS,
    'Jam uses Cloudflare as a mechanism to prevent attacks on our environment, as well as have firewalls and controls within our GCP project.',
  ),
  jamNoIds: screenRecording(
    JAM_FIREWALLS,
    'However it does not have an IDS or IPS running in our production network because the network is fully operated by GCP.',
  ),

  // Audit and detection
  accessLogged: voiceAi(ACCESS, 'All production access is logged and monitored'),
  detection247: voiceAi(INCIDENTS, 'Automated monitoring detects anomalies and potential security events 24/7.'),
  triage: voiceAi(INCIDENTS, 'On-call security engineer assesses severity within 15 minutes.'),

  // Data lifecycle
  jamBackups: screenRecording('Does Jam backup data?', 'Yes. Our data retention period depends on the frequency of the snapshots.'),
  jamHourly: screenRecording(JAM_TIERS, '| Hourly | 2 days |'),
  jamDaily: screenRecording(JAM_TIERS, '| Daily | 7 days |'),
  jamWeekly: screenRecording(JAM_TIERS, '| Weekly | 4 weeks |'),
  jamMonthly: screenRecording(JAM_TIERS, '| Monthly | 12 months |'),
  retentionByPlan: voiceAi(RETENTION, 'Default retention periods by plan:'),
  starter: voiceAi(RETENTION, 'Conversation transcripts and recordings retained for 30 days'),
  pro: voiceAi(RETENTION, 'Retained for 12 months'),
  enterprise: voiceAi(RETENTION, 'Custom retention policies (including indefinite retention or reduced retention for compliance)'),
  shorterRetention: voiceAi(RETENTION, 'Customers can configure shorter retention periods at any time.'),
  erasure: voiceAi(
    RETENTION,
    'When data is deleted (either by policy or manual request), it is permanently removed from all systems, including backups, within 30 days.',
  ),
  jamSchedule: screenRecording(
    'Can we choose when Jam recordings are to be deleted?',
    'Yes, Jam customers can specify a data deletion schedule for their workspace.',
  ),
  jamScheduleByUs: screenRecording('Can we choose when Jam recordings are to be deleted?', 'Please contact us to implement your chosen schedule.'),
  soc2: voiceAi(
    'SOC 2 Type II',
    'Our SOC 2 report covers the Trust Services Criteria for Security, Availability, Processing Integrity, Confidentiality, and Privacy.',
  ),

  // Placement and separation
  euResidency: voiceAi(GDPR, 'EU customers can elect to have all data stored exclusively in our eu-west-1 (Ireland) region.'),
  jamStoredOnGcp: screenRecording('Where are Jam recordings stored?', 'Jam stores all recordings with Google Cloud Platform.'),
  jamProvider: screenRecording('Infrastructure', 'Jam uses Google Cloud Platform as the cloud provider to store data.'),
  jamCentralUs: screenRecording('Infrastructure', 'For GCP, we use the Central US region.'),
  phiEncrypted: voiceAi(HIPAA, 'Encrypted storage of protected health information (PHI)'),
  phiAudit: voiceAi(HIPAA, 'Access controls and audit logging for PHI'),
  hipaaSeparate: voiceAi(HIPAA, 'Separate, hardened infrastructure for healthcare workloads'),
  ownAccount: voiceAi(
    'Data Minimization',
    "Conversation data is used solely for service delivery, quality assurance, and analytics within the customer's own account.",
  ),

  // People, images and change
  leastPrivilege: voiceAi(ACCESS, 'Principle of least privilege enforced across all systems'),
  mfa: voiceAi(ACCESS, 'Multi-factor authentication (MFA) required for all employees accessing production systems'),
  jam2fa: screenRecording(
    'Securing our cloud environment',
    'Access to our cloud services, source code, third-party tools etc. are secured with 2FA.',
  ),
  jit: voiceAi(ACCESS, 'Just-in-time access provisioning for production environments'),
  quarterlyReviews: voiceAi(ACCESS, 'Quarterly access reviews to revoke unnecessary permissions'),
  imageScanning: voiceAi(CLOUD, 'Automated vulnerability scanning of all container images and dependencies'),
  jamReviewIssues: screenRecording(
    'What are Jam’s practices for reacting to security incidents?',
    'We review security issues as soon as we learn about them.',
  ),
  jamGithubFeed: screenRecording(
    JAM_SCANS,
    'GitHub provides a vulnerability feed of issues that become known in third party software dependencies used by our source code.',
  ),
  iac: voiceAi(CLOUD, 'Infrastructure managed as code (Terraform) with version-controlled, peer-reviewed changes'),

  // Application level
  srtp: voiceAi(
    IN_TRANSIT,
    'Voice traffic is encrypted using **SRTP** (Secure Real-time Transport Protocol) for telephony and **DTLS-SRTP** for WebRTC.',
  ),
  dashboard: voiceAi(AUTH, 'Supports email/password with MFA (TOTP and WebAuthn/FIDO2) and SSO via SAML 2.0 and OpenID Connect (Enterprise).'),
  rbac: voiceAi(AUTH, 'Define custom roles (Admin, Manager, Agent, Viewer) with granular permissions for dashboard access.'),
  jamAccessControls: screenRecording(
    'Who has access to Jam recordings?',
    'You can set global permissions so that only people with verified access to an email address with your company domain can view Jams.',
  ),
  apiTokens: voiceAi(AUTH, 'Bearer token authentication with scoped permissions. Tokens can be restricted by IP address.'),
  export: voiceAi('Data Portability', 'Customers can export their data at any time in standard formats:'),
  bulkExport: voiceAi('Data Portability', 'Bulk export is available via the API or by contacting support.'),
  lawfulBasis: voiceAi(GDPR, 'We process personal data only under legitimate legal bases (contract performance, legitimate interest, or consent).'),
  jamConsent: screenRecording(
    'How does Jam gather consent from end customers?',
    'An end customer must proactively choose to begin recording and to submit their recording before any visual and browser data is ' +
      'stored by Jam.',
  ),
  minimization: voiceAi('Data Minimization', 'Jayden collects and processes only the data necessary to provide the service.'),
  noSelling: voiceAi('Data Minimization', 'We do not sell customer data or use it for advertising purposes.'),
  jamMinimize: screenRecording(
    JAM_MINIMIZE,
    'Jam has put protective measures in place to ensure users do not share or expose unnecessary sensitive data.',
  ),
  jamBlur: screenRecording(
    'Can we tailor the automatic blurring feature to our business?',
    'Yes, Jam gives our customers control over what data elements will be automatically blurred during recordings.',
  ),
  ivrPassthrough: voiceAi(
    'PCI DSS',
    'For customers who need to collect payment information via voice, we offer a secure IVR passthrough mode that routes the caller ' +
      'to a PCI-compliant payment processor.',
  ),
  aiPaused: voiceAi('PCI DSS', 'The AI assistant is paused during payment collection to ensure card data never enters our systems.'),
  prReviews: voiceAi(SDLC, 'Security reviews are part of every code change through pull request reviews'),
  sast: voiceAi(SDLC, 'Static Application Security Testing (SAST) runs on every build'),
  dast: voiceAi(SDLC, 'Dynamic Application Security Testing (DAST) runs weekly against staging environments'),
  dependencyScanning: voiceAi(SDLC, 'Dependency vulnerability scanning with automated alerts and remediation'),
  training: voiceAi(SDLC, 'Security-focused training for all engineering staff annually'),
  pentests: voiceAi(NETWORK, 'Regular penetration testing by independent security firms (at least annually)'),
  jamQuarterlyTests: screenRecording(
    'Security, Privacy and Compliance Policy',
    'Our security policies are supported by quarterly vulnerability tests, and annual exercises as dictated by SOC 2 Type 2 requirements.',
  ),
  irPlan: voiceAi(
    'Incident Response',
    'Jayden maintains a formal incident response plan that is tested regularly through tabletop exercises and simulated incidents.',
  ),
  notify72h: voiceAi(INCIDENTS, 'Affected customers are notified within 72 hours (or sooner per contractual requirements).'),
  jamReview: screenRecording(JAM_INCIDENTS, 'We review security issues as soon as we learn about them.'),
  jamNotify: screenRecording(JAM_INCIDENTS, 'We let our users know if they are affected by any security incident.'),
  subprocessorList: voiceAi('Vendor and Subprocessor Management', 'Jayden maintains a list of subprocessors involved in data processing.'),
  subprocessorNotice: voiceAi('Vendor and Subprocessor Management', 'Customers are notified 30 days in advance of any new subprocessor additions.'),
  subjectRights: voiceAi(
    GDPR,
    'We support all data subject rights including access, rectification, erasure, portability, and restriction of processing.',
  ),
  ccpa: voiceAi(
    'CCPA (California Consumer Privacy Act)',
    'California residents can exercise their privacy rights by contacting privacy@Jayden.com or through the in-app privacy settings.',
  ),
} as const satisfies Record<string, PolicyQuote>;

/**
 * The first words of the limit every built control without an automated check carries, so the gap
 * is said in docs/controls.md rather than implied by an empty list (the catalog test requires it).
 */
export const NO_CHECK_YET = 'No automated check yet:';
