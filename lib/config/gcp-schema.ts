import { z } from 'zod';
import { bool, dnsLabel, oneOf, wholeNumber } from './primitives';

/**
 * The `gcp:` section: the Google Cloud recordings platform synthesized with CDK for Terraform.
 */

/** Google Cloud regions Rampart accepts. EU entries are the ones the EU variant may use. */
export const GCP_EU_REGIONS = [
  'europe-central2',
  'europe-north1',
  'europe-southwest1',
  'europe-west1',
  'europe-west3',
  'europe-west4',
  'europe-west8',
  'europe-west9',
  'europe-west10',
  'europe-west12',
] as const;

export const GCP_REGIONS = [
  'us-central1',
  'us-east1',
  'us-east4',
  'us-east5',
  'us-south1',
  'us-west1',
  'us-west2',
  'us-west3',
  'us-west4',
  'northamerica-northeast1',
  'northamerica-northeast2',
  ...GCP_EU_REGIONS,
  'europe-west2',
  'europe-west6',
  'asia-east1',
  'asia-northeast1',
  'asia-south1',
  'asia-southeast1',
  'australia-southeast1',
  'southamerica-east1',
] as const;

const gcpProjectId = z
  .string({ error: 'expected a Google Cloud project id' })
  .regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, {
    error: 'expected a Google Cloud project id: 6 to 30 lowercase letters, digits or hyphens, starting with a letter',
  });

const workspace = z.strictObject({
  /** Workspace id: recordings live under `workspaces/<id>/` in the recordings bucket. */
  id: dnsLabel(30),
  /** Days after which the workspace's recordings are deleted. */
  deleteAfterDays: wholeNumber(1, 3650),
});

export const gcpSchema = z.strictObject({
  project: gcpProjectId,
  region: oneOf(GCP_REGIONS).default('us-central1'),
  eu: z
    .strictObject({
      enabled: bool.default(true),
      region: oneOf(GCP_EU_REGIONS).default('europe-west1'),
    })
    .default({ enabled: true, region: 'europe-west1' }),
  /** Numeric organization id; when set, the EU stack adds a resource-locations org policy. */
  organizationId: z
    .string({ error: 'expected a numeric organization id as a quoted string' })
    .regex(/^\d{6,20}$/, { error: 'expected a numeric organization id' })
    .optional(),
  workspaces: z.array(workspace, { error: 'expected a list of workspaces' }).default([]),
});

export type GcpConfig = z.output<typeof gcpSchema>;
