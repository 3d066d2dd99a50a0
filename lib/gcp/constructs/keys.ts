import { Construct } from 'constructs';
import { KmsCryptoKey, KmsCryptoKeyIamMember, KmsKeyRing } from '../bindings';
import { DAY_SECONDS } from '../tiers';

/** What each key protects. One key per data class (control KEY-SEPARATE). */
export type KeyPurpose = 'recordings' | 'backups' | 'logs' | 'database';

export interface KeyRingProps {
  readonly project: string;
  /** Region of the key ring; CMEK keys must sit in the same location as the data they protect. */
  readonly location: string;
  readonly name: string;
  /**
   * Automatic rotation period in days.
   * @default 90 (control KEY-ROTATE allows at most 90)
   */
  readonly rotationDays?: number;
  /**
   * Where key material lives.
   * @default 'HSM'
   */
  readonly protectionLevel?: 'HSM' | 'SOFTWARE';
}

const MAX_ROTATION_DAYS = 90;
/** Destroyed key versions stay restorable this long: the undo window of crypto-shredding. */
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
    this.rotationDays = props.rotationDays ?? MAX_ROTATION_DAYS;
    if (!Number.isInteger(this.rotationDays) || this.rotationDays < 1 || this.rotationDays > MAX_ROTATION_DAYS) {
      throw new Error(`KeyRing ${this.node.path}: rotationDays must be a whole number from 1 to ${MAX_ROTATION_DAYS}, got ${props.rotationDays}`);
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
  readonly ring: KmsKeyRing;
  readonly purpose: KeyPurpose;
  readonly rotationDays: number;
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
