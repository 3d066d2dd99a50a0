import type { ControlId } from '../../promises/control-ids';
import { GCP_CONTAINER_SCANNING_API } from '../../promises/vulnerability-scanning';
import { absent, observe, pointer, type EvidenceKind } from '../evidence';
import type { ControlCheck, Evidence } from '../types';
import { at, get, resources } from './terraform';

/**
 * VULN-SCAN on Google Cloud: the project's Container Scanning API is enabled by the stack (and left
 * on when it is destroyed), and no Artifact Registry repository opts out of it.
 */

const API: EvidenceKind = {
  control: 'VULN-SCAN',
  kind: 'gcp-container-scanning-api',
  subject: 'stacks enabling the Container Scanning API of their project',
  expected: `a google_project_service for ${GCP_CONTAINER_SCANNING_API} with disable_on_destroy false`,
};

const REPOSITORY: EvidenceKind = {
  control: 'VULN-SCAN',
  kind: 'gcp-repository-scanned',
  subject: 'Artifact Registry repositories scanned for vulnerabilities',
  expected: 'vulnerability_scanning_config.enablement_config INHERITED (the project API decides) or absent, never DISABLED',
};

const scanning: ControlCheck = (context) => {
  const evidence: Evidence[] = [];
  const api = resources(context.stack, 'google_project_service').find((r) => get(r, 'service') === GCP_CONTAINER_SCANNING_API);
  evidence.push(
    api === undefined
      ? absent(context, API, pointer('resource', 'google_project_service'))
      : observe(
          context,
          API,
          at(api, 'disable_on_destroy'),
          get(api, 'disable_on_destroy') ?? null,
          get(api, 'disable_on_destroy') === false,
          'contradicted',
        ),
  );
  for (const repo of resources(context.stack, 'google_artifact_registry_repository')) {
    const path = ['vulnerability_scanning_config', 'enablement_config'] as const;
    const value = get(repo, ...path);
    evidence.push(
      observe(context, REPOSITORY, at(repo, ...path), value ?? 'INHERITED', value === undefined || value === 'INHERITED', 'contradicted'),
    );
  }
  return evidence;
};

export const SCANNING_CHECKS: Partial<Record<ControlId, readonly ControlCheck[]>> = { 'VULN-SCAN': [scanning] };
