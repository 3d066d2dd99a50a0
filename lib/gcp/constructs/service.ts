import { Construct } from 'constructs';
import { Fn } from 'cdktf';
import { type ImageReference, parseImageReference } from '../../config/gcp-service';
import {
  ArtifactRegistryRepository,
  CloudRunV2Service,
  ProjectIamMember,
  ProjectService,
  ServiceAccount,
  SqlUser,
  StorageBucketIamMember,
} from '../bindings';
import { GCP_CONTAINER_SCANNING_API } from '../../promises/vulnerability-scanning';
import { SecureBucket } from './buckets';
import { MetadataDatabase } from './database';
import { CmekKey } from './keys';
import { PrivateNetwork } from './network';

/**
 * Cloud Run's ingress setting that admits only Google Cloud load balancers (the external Application
 * Load Balancer, so Cloud Armor) and internal sources; the `*.run.app` URL answers nothing from the internet.
 */
export const RUN_INGRESS = 'INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER';

export interface ImageRepositoryProps {
  /** Project the repository is created in (the service pulls from its own project). */
  readonly project: string;
  /** Region of the repository: the stack's region, so an EU stack's images are stored in the EU. */
  readonly region: string;
  /** Name prefix of the stack: the repository is `<prefix>-images`. */
  readonly prefix: string;
  /** Key for the repository's content; the Artifact Registry service agent must have been granted it. */
  readonly key: CmekKey;
  /**
   * Whether this stack enables the project's Container Scanning API: only the stack that owns the
   * project (GcpStackPlan.ownsProject), so that two Terraform states never manage the same project
   * service. A stack sharing the project relies on the owner's (apply the owner first).
   */
  readonly enableScanningApi: boolean;
}

/**
 * The Artifact Registry Docker repository the stack's service runs from: in the stack's region,
 * CMEK, immutable tags (a pushed tag always names the same image), vulnerability scanning by the
 * project's Container Scanning API (enabled here in the stack that owns the project), prevent_destroy.
 */
export class ImageRepository extends Construct {
  readonly repository: ArtifactRegistryRepository;
  /** The project's Container Scanning API (VULN-SCAN), where this stack enables it. */
  readonly scanningApi?: ProjectService;
  /** `<region>-docker.pkg.dev/<project>/<repository id>`: where the pipeline pushes and the service pulls. */
  readonly path: string;

  constructor(scope: Construct, id: string, props: ImageRepositoryProps) {
    super(scope, id);
    const repositoryId = `${props.prefix}-images`;
    // VULN-SCAN: the Container Scanning API scans every image pushed to Artifact Registry, and keeps
    // rescanning it while it is in use; the repository inherits it. Left on if the stack is destroyed
    // (another stack of the project may rely on it).
    if (props.enableScanningApi) {
      this.scanningApi = new ProjectService(this, 'container-scanning', {
        project: props.project,
        service: GCP_CONTAINER_SCANNING_API,
        disableOnDestroy: false,
        disableDependentServices: false,
      });
    }
    this.repository = new ArtifactRegistryRepository(this, 'repository', {
      project: props.project,
      location: props.region,
      repositoryId,
      format: 'DOCKER',
      mode: 'STANDARD_REPOSITORY',
      description: 'Images of the recordings service: immutable tags, CMEK, pulled only by this stack',
      kmsKeyName: props.key.id,
      dockerConfig: { immutableTags: true },
      vulnerabilityScanningConfig: { enablementConfig: 'INHERITED' },
      dependsOn: [...props.key.grants, ...(this.scanningApi === undefined ? [] : [this.scanningApi])],
      lifecycle: { preventDestroy: true },
    });
    this.path = `${props.region}-docker.pkg.dev/${props.project}/${repositoryId}`;
  }

  /** The full reference of an image in this repository: `<path>/<name>:<tag>` or `<path>/<name>@sha256:...`. */
  imageUri(image: ImageReference): string {
    return `${this.path}/${image.name}${image.digest !== undefined ? `@${image.digest}` : `:${image.tag}`}`;
  }
}

export interface RecordingsServiceProps {
  /** Project the service, its identity and its grants are created in. */
  readonly project: string;
  /** Region of the service (the serverless NEG's region too). */
  readonly region: string;
  /** Name prefix of the stack: the runtime identity is `<prefix>-run`. */
  readonly prefix: string;
  /** Service name (config gcp.edge.cloudRunService). */
  readonly name: string;
  /**
   * The image as the config names it, `<name>:<tag>` or `<name>@sha256:<digest>`, without a registry:
   * it is always pulled from `repository`. An unpinned or registry-qualified value throws.
   */
  readonly image: string;
  /** Port the container listens on (config gcp.service.port). */
  readonly port: number;
  /** The stack's own repository the image is pulled from. */
  readonly repository: ImageRepository;
  /** Key for the service's copy of the image; the Cloud Run service agent must have been granted it. */
  readonly key: CmekKey;
  /** VPC all egress goes into (Direct VPC egress): Google APIs through private Google access, Cloud SQL's private IP, no internet. */
  readonly network: PrivateNetwork;
  /** Bucket the service reads and writes recordings in: its identity gets object access there and nowhere else. */
  readonly recordings: SecureBucket;
  /** Database the service logs into with IAM database authentication (its identity is a database user). */
  readonly database: MetadataDatabase;
}

/**
 * The Cloud Run service behind the load balancer. Ingress only from Google Cloud load balancers and
 * internal sources (`RUN_INGRESS`), so the `*.run.app` URL cannot bypass Cloud Armor; CMEK; deletion
 * protection; a user-managed runtime identity (never the Compute Engine default account) with object
 * access to the recordings bucket and a login to the metadata database only.
 *
 * Invocation: the external load balancer forwards requests without a Google identity, so Cloud Run's
 * Invoker IAM check would refuse every one of them unless `allUsers` held roles/run.invoker. The
 * service disables that check instead (Google's recommended way to serve the public, and the only one
 * under the domain-restricted-sharing constraint): no IAM binding names allUsers or
 * allAuthenticatedUsers, and who may reach the service is decided by the ingress setting alone.
 */
export class RecordingsService extends Construct {
  readonly service: CloudRunV2Service;
  readonly identity: ServiceAccount;

  constructor(scope: Construct, id: string, props: RecordingsServiceProps) {
    super(scope, id);
    const image = parseImageReference(props.image);
    if (typeof image === 'string') throw new Error(`RecordingsService ${this.node.path}: image ${JSON.stringify(props.image)}: ${image}`);
    if (!Number.isInteger(props.port) || props.port < 1024 || props.port > 65535) {
      throw new Error(`RecordingsService ${this.node.path}: port must be a whole number from 1024 to 65535, got ${props.port}`);
    }
    const { project } = props;
    this.identity = new ServiceAccount(this, 'identity', {
      project,
      accountId: `${props.prefix}-run`,
      displayName: `Runtime identity of ${props.name}`,
      description: 'Cloud Run recordings service: recordings objects and the metadata database login only',
    });
    const member = this.identity.member;
    const instance = props.database.instance;
    const onlyThisInstance = {
      title: 'metadata-database-only',
      description: 'Only the recordings metadata database of this stack',
      expression: `resource.name == 'projects/${project}/instances/${instance.name}' && resource.type == 'sqladmin.googleapis.com/Instance'`,
    };
    const grants = [
      new StorageBucketIamMember(this, 'recordings-objects', { bucket: props.recordings.name, role: 'roles/storage.objectUser', member }),
      new ProjectIamMember(this, 'sql-client', { project, role: 'roles/cloudsql.client', member, condition: onlyThisInstance }),
      new ProjectIamMember(this, 'sql-instance-user', { project, role: 'roles/cloudsql.instanceUser', member, condition: onlyThisInstance }),
    ];
    // A PostgreSQL IAM service-account user is the account's email without ".gserviceaccount.com".
    new SqlUser(this, 'database-user', {
      project,
      instance: instance.name,
      name: Fn.trimsuffix(this.identity.email, '.gserviceaccount.com'),
      type: 'CLOUD_IAM_SERVICE_ACCOUNT',
      deletionPolicy: 'ABANDON',
    });
    this.service = new CloudRunV2Service(this, 'service', {
      project,
      location: props.region,
      name: props.name,
      description: 'Recordings API: reachable only through the external load balancer (Cloud Armor)',
      ingress: RUN_INGRESS,
      invokerIamDisabled: true,
      deletionProtection: true,
      template: {
        serviceAccount: this.identity.email,
        encryptionKey: props.key.id,
        executionEnvironment: 'EXECUTION_ENVIRONMENT_GEN2',
        containers: [{ image: props.repository.imageUri(image), ports: { containerPort: props.port } }],
        vpcAccess: {
          networkInterfaces: [{ network: props.network.network.name, subnetwork: props.network.subnet.name }],
          egress: 'ALL_TRAFFIC',
        },
      },
      dependsOn: [...props.key.grants, props.repository.repository, ...grants],
    });
  }
}
