import { controlEntry } from '../../lib/promises/catalog';
import type { Provenance } from '../../lib/report/provenance';
import type { ControlId } from '../../lib/promises/control-ids';
import type { ControlResult, Evidence, Verification } from '../../lib/verify/types';

/**
 * A small hand-made verifier result for the SARIF and OSCAL writers: every outcome (holds, contradicted,
 * missing, excepted) across an AWS stack and a GCP stack, plus a control the verifier could not judge.
 * Hand-made rather than synthesized so the tests stay fast and each expected value is visible here.
 */

export const AWS_STACK = 'prod-us-east-1/platform';
export const AWS_FILE = 'assembly-prod-us-east-1/produseast1platformB19F0B4D.template.json';
export const GCP_STACK = 'example-saas-prod-recordings-eu';
export const GCP_FILE = `stacks/${GCP_STACK}/cdk.tf.json`;
export const EXCEPTION_ID = 'ERASURE-PHI-ACCESS-LOGS';

const erasureException = controlEntry('ERASURE').exceptions?.find((e) => e.id === EXCEPTION_ID);
if (erasureException === undefined) throw new Error(`fixture: the catalog no longer has exception ${EXCEPTION_ID}`);
export const EXCEPTION_REASON = erasureException.reason;

const ROTATION = 'EnableKeyRotation: true, RotationPeriodInDays <= 365 (365 when absent)';

export const ROTATING_KEY: Evidence = {
  control: 'KEY-ROTATE',
  kind: 'kms-automatic-rotation',
  subject: 'customer-managed keys rotating automatically',
  stack: AWS_STACK,
  file: AWS_FILE,
  resource: 'DataKeyAB12CD34',
  pointer: '/Resources/DataKeyAB12CD34/Properties/EnableKeyRotation',
  value: { EnableKeyRotation: true, RotationPeriodInDays: 365, Origin: 'AWS_KMS' },
  expected: ROTATION,
  outcome: 'holds',
};

/** The one contradicted observation: an AWS key that does not rotate. */
export const STILL_KEY: Evidence = {
  ...ROTATING_KEY,
  resource: 'LogsKey5E6F7A8B',
  pointer: '/Resources/LogsKey5E6F7A8B/Properties/EnableKeyRotation',
  value: { EnableKeyRotation: false, RotationPeriodInDays: 365, Origin: 'AWS_KMS' },
  outcome: 'contradicted',
};

export const GCP_KEY: Evidence = {
  control: 'KEY-ROTATE',
  kind: 'cloud-kms-rotation-period',
  subject: 'Cloud KMS keys rotating within the maximum period',
  stack: GCP_STACK,
  file: GCP_FILE,
  resource: 'google_kms_crypto_key.recordings',
  pointer: '/resource/google_kms_crypto_key/recordings/rotation_period',
  value: '7776000s',
  expected: 'rotation_period <= 7776000s',
  outcome: 'holds',
};

/** Excepted: access logs of PHI kept past the erasure deadline for the HIPAA audit retention, covered by the catalog exception. */
export const SHARED_STORE: Evidence = {
  control: 'ERASURE',
  kind: 'access-logs-within-deadline',
  subject: 'buckets of access logs expiring within the erasure deadline',
  stack: AWS_STACK,
  file: AWS_FILE,
  resource: 'LogArchiveAccessLogs1A2B3C4D',
  pointer: '/Resources/LogArchiveAccessLogs1A2B3C4D/Properties/LifecycleConfiguration/Rules/0/ExpirationInDays',
  value: 2192,
  expected: 'an enabled lifecycle rule with ExpirationInDays <= the erasure deadline',
  outcome: 'excepted',
  exception: EXCEPTION_ID,
};

/** Missing, and stack-level: no resource to point at. */
export const NO_SCHEDULE: Evidence = {
  control: 'ERASURE',
  kind: 'deletion-schedule-on-every-tier',
  subject: 'backup tiers mirroring the workspace deletion schedule',
  stack: GCP_STACK,
  file: GCP_FILE,
  pointer: '/resource/google_storage_bucket',
  expected: 'a daysSinceCustomTime delete rule on every backup tier bucket',
  outcome: 'missing',
};

export const ENCRYPTED_BUCKET: Evidence = {
  control: 'ENC-REST',
  kind: 'bucket-cmek',
  subject: 'buckets encrypted with a customer-managed key',
  stack: GCP_STACK,
  file: GCP_FILE,
  resource: 'google_storage_bucket.recordings',
  pointer: '/resource/google_storage_bucket/recordings/encryption/default_kms_key_name',
  value: '${google_kms_crypto_key.recordings.id}',
  expected: 'encryption.default_kms_key_name set',
  outcome: 'holds',
};

/** A control's title and status as the catalog has them, the way the verifier copies them. */
function entry(id: ControlId): Pick<ControlResult, 'control' | 'title' | 'status'> {
  const e = controlEntry(id);
  return { control: id, title: e.title, status: e.status };
}

export const VERIFICATION: Verification = {
  ok: false,
  unknownStacks: [],
  unrecordedPartial: [],
  controls: [
    {
      ...entry('ENC-REST'),
      verdict: 'holds',
      stacks: [GCP_STACK],
      counts: [{ kind: 'bucket-cmek', subject: ENCRYPTED_BUCKET.subject, holding: 1, total: 1 }],
      evidence: [ENCRYPTED_BUCKET],
      exceptions: [],
    },
    {
      ...entry('KEY-ROTATE'),
      verdict: 'contradicted',
      stacks: [AWS_STACK, GCP_STACK],
      counts: [
        { kind: 'kms-automatic-rotation', subject: ROTATING_KEY.subject, holding: 1, total: 2 },
        { kind: 'cloud-kms-rotation-period', subject: GCP_KEY.subject, holding: 1, total: 1 },
      ],
      evidence: [ROTATING_KEY, STILL_KEY, GCP_KEY],
      exceptions: [],
    },
    {
      ...entry('ERASURE'),
      verdict: 'missing',
      stacks: [AWS_STACK, GCP_STACK],
      counts: [
        { kind: 'access-logs-within-deadline', subject: SHARED_STORE.subject, holding: 0, total: 1 },
        { kind: 'deletion-schedule-on-every-tier', subject: NO_SCHEDULE.subject, holding: 0, total: 1 },
      ],
      evidence: [SHARED_STORE, NO_SCHEDULE],
      exceptions: [{ id: EXCEPTION_ID, covers: erasureException.covers, reason: EXCEPTION_REASON, basis: 'accepted' }],
    },
    // Judged from nothing: must produce neither a SARIF rule nor an OSCAL finding.
    { ...entry('APP-CONSENT'), verdict: 'not-verified', stacks: [], counts: [], evidence: [], exceptions: [] },
  ],
};

export const PROVENANCE: Provenance = {
  generatedAt: '2025-06-30T12:00:00.000Z',
  generator: 'npm run synth',
  configFile: 'config/example.yaml',
  configSha256: 'a'.repeat(64),
  commit: '0123456789abcdef0123456789abcdef01234567',
  assembly: { awsDir: '/work/build/cdk.out', gcpDir: 'cdktf.out' },
  tools: { node: '20.19.0', 'aws-cdk-lib': '2.276.0', cdktf: '0.21.0', '@cdktf/provider-google': '16.12.1', rampart: '0.1.0' },
};
