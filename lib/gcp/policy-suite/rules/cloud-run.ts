import { PolicyRule, StackDocument, TfBlock } from '../types';
import { get, list, lookup, providerSettings, referencedAddress, reporter, resources, str } from '../tfjson';

/** Ingress settings that keep the `*.run.app` URL closed to the internet (load balancers and internal sources only). */
const CLOSED_INGRESS = ['INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER', 'INGRESS_TRAFFIC_INTERNAL_ONLY'];
const NEG = 'google_compute_region_network_endpoint_group';
const REPOSITORY = 'google_artifact_registry_repository';

/** `<location>-docker.pkg.dev/<project>/<repository>/<name>` followed by `:<tag>` or `@sha256:<digest>`. */
const IMAGE = /^([a-z0-9-]+)-docker\.pkg\.dev\/([^/]+)\/([^/]+)\/([^@:]+)(?::([A-Za-z0-9_][A-Za-z0-9_.-]{0,127})|@(sha256:[a-f0-9]{64}))?$/;

/** The Artifact Registry repository of the stack an image reference points into, if any. */
function repositoryOf(stack: StackDocument, location: string, project: string, id: string): TfBlock | undefined {
  const defaultProject = providerSettings(stack).project;
  return resources(stack, REPOSITORY).find(
    ({ block }) => block.location === location && (str(block.project) ?? defaultProject) === project && block.repository_id === id,
  )?.block;
}

/** What is wrong with a container image of a service in `location`, or undefined when it is pinned in a repository of the stack. */
function imageProblem(stack: StackDocument, image: unknown, location: unknown): string | undefined {
  const match = typeof image === 'string' ? IMAGE.exec(image) : null;
  if (match === null) {
    return `runs image ${JSON.stringify(image ?? null)}, not one from an Artifact Registry repository of this stack (<region>-docker.pkg.dev/<project>/<repository>/<name>)`;
  }
  const [, imageLocation, project, repositoryId, , tag, digest] = match;
  const repository = repositoryOf(stack, imageLocation, project, repositoryId);
  if (repository === undefined) return `runs image ${image}, from a repository this stack does not define`;
  if (imageLocation !== location) return `runs image ${image} from ${imageLocation}, not the service's own region ${String(location)}`;
  if (digest !== undefined) return undefined;
  if (tag === undefined || tag === 'latest')
    return `runs image ${image} without a release tag or digest (that is "latest": whatever was pushed last)`;
  if (get(repository, 'docker_config', 'immutable_tags') !== true) return `runs image ${image} by tag from a repository whose tags can be moved`;
  return undefined;
}

/**
 * The Cloud Run service behind the edge is defined in the stack and cannot be reached around it:
 * ingress only from load balancers and internal sources, a runtime identity of the stack (never the
 * Compute Engine default account), deletion protection, an image pinned in the stack's own
 * repository; every serverless NEG names a service of the stack; every Docker repository has
 * immutable tags.
 */
export const cloudRun: PolicyRule = {
  id: 'GCP-RUN',
  controls: ['PUBLIC-SURFACE', 'IMAGE-PROVENANCE'],
  description:
    'Cloud Run services take ingress only from load balancers and internal sources, run as a service account of the stack with deletion ' +
    'protection, from an image pinned (immutable tag or digest) in an Artifact Registry repository of the stack in their region; ' +
    'serverless NEGs name a Cloud Run service defined in the stack; Docker repositories have immutable tags',
  check(stack) {
    const report = reporter(this.id, stack);
    const findings = [];
    for (const { address, block } of resources(stack, 'google_cloud_run_v2_service')) {
      const ingress = str(block.ingress) ?? 'INGRESS_TRAFFIC_ALL';
      if (!CLOSED_INGRESS.includes(ingress)) {
        findings.push(report(address, `has ingress ${ingress}: its *.run.app URL is open to the internet, around the load balancer and Cloud Armor`));
      }
      if (block.deletion_protection === false) findings.push(report(address, 'has deletion_protection off'));
      const identity = referencedAddress(get(block, 'template', 'service_account'));
      if (identity === undefined || !identity.startsWith('google_service_account.') || lookup(stack, identity) === undefined) {
        const value = JSON.stringify(get(block, 'template', 'service_account') ?? null);
        findings.push(report(address, `runs as ${value}, not a service account of this stack (absent means the Compute Engine default account)`));
      }
      const containers = list(get(block, 'template', 'containers'));
      if (containers.length === 0) findings.push(report(address, 'has no container'));
      for (const container of containers) {
        const problem = imageProblem(stack, get(container, 'image'), block.location);
        if (problem !== undefined) findings.push(report(address, problem));
      }
    }
    for (const { address, block } of resources(stack, NEG).filter(({ block }) => block.network_endpoint_type === 'SERVERLESS')) {
      const target = referencedAddress(get(block, 'cloud_run', 'service'));
      if (target === undefined || !target.startsWith('google_cloud_run_v2_service.') || lookup(stack, target) === undefined) {
        const value = JSON.stringify(get(block, 'cloud_run', 'service') ?? get(block, 'cloud_run', 'url_mask') ?? null);
        findings.push(report(address, `sends traffic to Cloud Run service ${value}, which this stack does not define (nothing holds its ingress)`));
      }
    }
    for (const { address, block } of resources(stack, REPOSITORY).filter(({ block }) => block.format === 'DOCKER')) {
      if (get(block, 'docker_config', 'immutable_tags') !== true)
        findings.push(report(address, 'lets tags be moved (docker_config.immutable_tags is not true)'));
    }
    return findings;
  },
};
