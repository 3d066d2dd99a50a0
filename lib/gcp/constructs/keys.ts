import { Construct } from 'constructs';
import { KmsCryptoKey, KmsCryptoKeyIamMember, KmsKeyRing } from '../bindings';
import { DAY_SECONDS } from '../durations';

/**
 * What each key protects. One key per data class (control KEY-SEPARATE): `logs` is the audit trail,
 * `operational-logs` the EU stack's other log entries, `service` the Cloud Run service's copy of its
 * image, `images` the Artifact Registry repository the image is pulled from, `record-keys` the Firestore
 * record key store (ERASURE).
 */
export type KeyPurpose = 'recordings' | 'backups' | 'logs' | 'operational-logs' | 'database' | 'service' | 'images' | 'record-keys';

export interface KeyRingProps {
  /** Project the key ring is created in. */
  readonly project: string;
  /** Region of the key ring; CMEK keys must sit in the same location as the data they protect. */
  readonly location: string;
  /** Key ring name (unique per project and location; key rings can never be deleted). */
  readonly name: string;
  /**
   * The longest rotation period the policy allows (control KEY-ROTATE: policy.keyRotation.gcpMaxDays).
   * Required, so no key ring is built without the policy's number; a longer `rotationDays` throws.
   */
  readonly maxRotationDays: number;
  /**
   * Automatic rotation period of every key on the ring, in days.
   * @default maxRotationDays (the longest period the policy allows)
   */
  readonly rotationDays?: number;
  /**
   * Where key material lives: HSM keeps it in FIPS 140-2 Level 3 HSMs; SOFTWARE is cheaper. Both are AES-256-GCM.
   * @default 'HSM'
   */
  readonly protectionLevel?: 'HSM' | 'SOFTWARE';
}

/** The longest rotation period Cloud KMS accepts (100 years); the policy's maximum must lie within it. */
const CLOUD_KMS_MAX_ROTATION_DAYS = 36500;
/**
 * A key version scheduled for destruction stays restorable this long: Cloud KMS's own default undo
 * window. Erasure on Google Cloud deletes objects by lifecycle; it never waits on a key's destruction
 * (keys are per data class, not per workspace).
 */
const DESTROY_SCHEDULED_DAYS = 30;

/**
 * A Cloud KMS key ring in the stack's region. Key rings cannot be deleted in Google Cloud; the
 * keys on it are protected from `terraform destroy` (lifecycle prevent_destroy), rotate
 * automatically and are AES-256-GCM symmetric encryption keys.
 */
export class KeyRing extends Construct {
  readonly ring: KmsKeyRing;
  private readonly rotationDays: number;
  private readonly protectionLevel: 'HSM' | 'SOFTWARE';
  private readonly keys = new Map<KeyPurpose, CmekKey>();

  constructor(scope: Construct, id: string, props: KeyRingProps) {
    super(scope, id);
    const max = props.maxRotationDays;
    if (!Number.isInteger(max) || max < 1 || max > CLOUD_KMS_MAX_ROTATION_DAYS) {
      throw new Error(`KeyRing ${this.node.path}: maxRotationDays must be a whole number from 1 to ${CLOUD_KMS_MAX_ROTATION_DAYS}, got ${max}`);
    }
    this.rotationDays = props.rotationDays ?? max;
    if (!Number.isInteger(this.rotationDays) || this.rotationDays < 1 || this.rotationDays > max) {
      throw new Error(`KeyRing ${this.node.path}: rotationDays must be a whole number from 1 to ${max}, got ${props.rotationDays}`);
    }
    this.protectionLevel = props.protectionLevel ?? 'HSM';
    this.ring = new KmsKeyRing(this, 'ring', {
      project: props.project,
      location: props.location,
      name: props.name,
      lifecycle: { preventDestroy: true },
    });
  }

  /** The key for one data class; created on first use, the same key afterwards. */
  key(purpose: KeyPurpose): CmekKey {
    let key = this.keys.get(purpose);
    if (key === undefined) {
      key = new CmekKey(this, purpose, { ring: this.ring, purpose, rotationDays: this.rotationDays, protectionLevel: this.protectionLevel });
      this.keys.set(purpose, key);
    }
    return key;
  }
}

interface CmekKeyProps {
  /** The ring the key is created on (its location is the key's location). */
  readonly ring: KmsKeyRing;
  /** The data class the key protects: its name and its `rampart_key_purpose` label. */
  readonly purpose: KeyPurpose;
  /** Automatic rotation period in days, already checked by the ring. */
  readonly rotationDays: number;
  /** Where key material lives, as the ring decided. */
  readonly protectionLevel: 'HSM' | 'SOFTWARE';
}

/** One customer-managed encryption key. Create it through `KeyRing.key(purpose)`. */
export class CmekKey extends Construct {
  readonly key: KmsCryptoKey;
  readonly purpose: KeyPurpose;
  /** IAM grants on this key; resources encrypted with it depend on them, so creation never races the grant. */
  readonly grants: KmsCryptoKeyIamMember[] = [];

  constructor(scope: Construct, id: string, props: CmekKeyProps) {
    super(scope, id);
    this.purpose = props.purpose;
    this.key = new KmsCryptoKey(this, 'key', {
      name: props.purpose,
      keyRing: props.ring.id,
      purpose: 'ENCRYPT_DECRYPT',
      rotationPeriod: `${props.rotationDays * DAY_SECONDS}s`,
      destroyScheduledDuration: `${DESTROY_SCHEDULED_DAYS * DAY_SECONDS}s`,
      versionTemplate: { algorithm: 'GOOGLE_SYMMETRIC_ENCRYPTION', protectionLevel: props.protectionLevel },
      labels: { rampart_key_purpose: props.purpose },
      lifecycle: { preventDestroy: true },
    });
  }

  /** Full resource id (`projects/.../cryptoKeys/...`), what CMEK settings take. */
  get id(): string {
    return this.key.id;
  }

  /** Lets a Google service agent encrypt and decrypt with this key (and nothing else). */
  grantEncryptDecrypt(id: string, member: string): KmsCryptoKeyIamMember {
    const grant = new KmsCryptoKeyIamMember(this, id, {
      cryptoKeyId: this.key.id,
      role: 'roles/cloudkms.cryptoKeyEncrypterDecrypter',
      member,
    });
    this.grants.push(grant);
    return grant;
  }
}
