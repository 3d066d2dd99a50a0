import type { ControlId } from '../../promises/control-ids';
import { GCP_CONTAINER_SCANNING_API } from '../../promises/vulnerability-scanning';
import { absent, observe, pointer, type EvidenceKind } from '../evidence';
import type { ControlCheck, Evidence } from '../types';
import { projectWide } from './project-wide';
import { asArray, at, get, resources, type TfResource } from './terraform';

/**
 * VULN-SCAN on Google Cloud: the project's Container Scanning API is enabled (by the stack that
 * owns the project, and left on when it is destroyed), no Artifact Registry repository opts out of
 * it, and every container the Cloud Run services run comes from such a repository of the stack (an
 * image pulled from anywhere else is scanned by nobody).
 */

const API: EvidenceKind = {
  control: 'VULN-SCAN',
  kind: 'gcp-container-scanning-api',
  subject: "the Container Scanning API of the stack's project, enabled by the stack that owns the project",
  expected: `a google_project_service for ${GCP_CONTAINER_SCANNING_API} with disable_on_destroy false`,
};

const REPOSITORY: EvidenceKind = {
  control: 'VULN-SCAN',
  kind: 'gcp-repository-scanned',
  subject: 'Artifact Registry repositories scanned for vulnerabilities',
  expected: 'vulnerability_scanning_config.enablement_config INHERITED (the project API decides) or absent, never DISABLED',
};

const SERVICE_IMAGE: EvidenceKind = {
  control: 'VULN-SCAN',
  kind: 'gcp-service-image-scanned',
  subject: 'Cloud Run containers running an image from a scanned repository of the stack',
  expected:
    'template.containers[].image starts with <location>-docker.pkg.dev/<project>/<repository_id>/ of a scanned Docker repository of the stack',
};

/** `<location>-docker.pkg.dev/<project>/<repository_id>/`: where a Docker repository's images live. */
function imagePrefix(repo: TfResource): string | undefined {
  const [location, project, id] = [get(repo, 'location'), get(repo, 'project'), get(repo, 'repository_id')];
  if (get(repo, 'format') !== 'DOCKER' || typeof location !== 'string' || typeof project !== 'string' || typeof id !== 'string') return undefined;
  return `${location}-docker.pkg.dev/${project}/${id}/`;
}

const scanned = (repo: TfResource): boolean => {
  const value = get(repo, 'vulnerability_scanning_config', 'enablement_config');
  return value === undefined || value === 'INHERITED';
};

const scanning: ControlCheck = (context) => {
  const evidence: Evidence[] = [];
  // Enabled once per project, by the stack that owns it (lib/verify/gcp/project-wide.ts).
  const apis = projectWide(context, 'google_project_service').filter(({ resource }) => get(resource, 'service') === GCP_CONTAINER_SCANNING_API);
  if (apis.length === 0) evidence.push(absent(context, API, pointer('resource', 'google_project_service')));
  for (const { context: declaring, resource: api } of apis) {
    const value = get(api, 'disable_on_destroy');
    evidence.push(observe(declaring, API, at(api, 'disable_on_destroy'), value ?? null, value === false, 'contradicted'));
  }
  for (const repo of resources(context.stack, 'google_artifact_registry_repository')) {
    const path = ['vulnerability_scanning_config', 'enablement_config'] as const;
    const value = get(repo, ...path);
    evidence.push(observe(context, REPOSITORY, at(repo, ...path), value ?? 'INHERITED', scanned(repo), 'contradicted'));
  }
  const prefixes = resources(context.stack, 'google_artifact_registry_repository')
    .filter(scanned)
    .flatMap((repo) => imagePrefix(repo) ?? []);
  for (const service of resources(context.stack, 'google_cloud_run_v2_service')) {
    asArray(get(service, 'template', 'containers')).forEach((_, index) => {
      const place = at(service, 'template', 'containers', index, 'image');
      const image = get(service, 'template', 'containers', index, 'image');
      const ok = typeof image === 'string' && prefixes.some((p) => image.startsWith(p));
      evidence.push(observe(context, SERVICE_IMAGE, place, image, ok));
    });
  }
  return evidence;
};

export const SCANNING_CHECKS: Partial<Record<ControlId, readonly ControlCheck[]>> = { 'VULN-SCAN': [scanning] };
