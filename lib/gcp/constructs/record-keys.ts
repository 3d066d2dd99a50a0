import { Construct } from 'constructs';
import { FirestoreDatabase, ProjectIamMember } from '../bindings';
import { CmekKey } from './keys';

export interface RecordKeyStoreProps {
  readonly project: string;
  /** The stack's region: the database lives there and nowhere else (an EU stack's keys stay in the EU). */
  readonly region: string;
  /** Name prefix of the stack: the database is `<prefix>-record-keys`. */
  readonly prefix: string;
  /** A key of the stack's ring (`record-keys`); the Firestore service agent must have been granted it. */
  readonly key: CmekKey;
}

/** Firestore's database id of a stack's record key store. */
export function recordKeyDatabaseName(prefix: string): string {
  return `${prefix}-record-keys`;
}

/**
 * ERASURE of single records on Google Cloud: a Firestore (native mode) database holding each record's
 * own data key. The recordings bucket and Cloud SQL keep their backup tiers (the monthly one for a
 * year); the application encrypts each recording and row's personal fields with the record's key and
 * erases a record by deleting its key here. No copy of the database outlives the erasure deadline:
 *
 * - point-in-time recovery on: Firestore keeps prior versions seven days (a fixed window), then a
 *   deleted key is gone;
 * - no `google_firestore_backup_schedule` (the evidence verifier fails one kept longer than the deadline)
 *   and Backup and DR protects no Firestore database here;
 * - in the stack's region, under a CMEK key of its own, delete protection on and never deleted by
 *   Terraform (`deletion_policy = "ABANDON"`, prevent_destroy): losing it would lose every record it keys.
 */
export class RecordKeyStore extends Construct {
  readonly database: FirestoreDatabase;
  private readonly project: string;
  /** `projects/<project>/databases/<name>`, written out so the grant's condition reads as it applies. */
  private readonly resourceName: string;

  constructor(scope: Construct, id: string, props: RecordKeyStoreProps) {
    super(scope, id);
    const name = recordKeyDatabaseName(props.prefix);
    this.project = props.project;
    this.resourceName = `projects/${props.project}/databases/${name}`;
    this.database = new FirestoreDatabase(this, 'database', {
      project: props.project,
      name,
      locationId: props.region,
      type: 'FIRESTORE_NATIVE',
      pointInTimeRecoveryEnablement: 'POINT_IN_TIME_RECOVERY_ENABLED',
      deleteProtectionState: 'DELETE_PROTECTION_ENABLED',
      deletionPolicy: 'ABANDON',
      cmekConfig: { kmsKeyName: props.key.id },
      lifecycle: { preventDestroy: true },
      dependsOn: [...props.key.grants],
    });
  }

  /** Lets `member` read, write and delete documents of this database only (an IAM condition on its name). */
  grantRecordKeys(id: string, member: string): ProjectIamMember {
    return new ProjectIamMember(this, id, {
      project: this.project,
      role: 'roles/datastore.user',
      member,
      condition: {
        title: 'record-key-store-only',
        description: 'Only the record key store of this stack',
        expression: `resource.name == '${this.resourceName}'`,
      },
    });
  }
}
