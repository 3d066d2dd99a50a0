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

export type GcpRegion = (typeof GCP_REGIONS)[number];

/** gcp.region when the config leaves it out: the US recordings stack's region. */
export const DEFAULT_GCP_REGION: GcpRegion = 'us-central1';
