import { list, obj } from './config-view';
import { ConfigIssue } from './issues';

/**
 * Cross-field rules of the pipeline: section (lib/config/pipeline-schema.ts). They read the raw
 * document defensively, like every cross-field rule: a field of the wrong type was reported by the
 * schema already and is skipped here.
 */

type Doc = Record<string, unknown>;

/** The workload accounts the pipeline deploys into; the deployment account must be none of them. */
const WORKLOAD_ACCOUNTS = ['platform', 'hipaa', 'eu'] as const;

/**
 * The pipeline runs in accounts.deployment: required with pipeline:, and never one of the workload
 * accounts (the pipeline's roles may assume every account's deploy role; a workload account holding
 * them could deploy into the others).
 */
export const pipelineAccount = (doc: Doc): ConfigIssue[] => {
  if (doc.pipeline === undefined) return [];
  const accounts = obj(doc.accounts);
  if (accounts === undefined) return []; // awsPartComplete reports a pipeline without accounts
  const deployment = accounts.deployment;
  if (deployment === undefined) {
    return [
      {
        path: ['accounts', 'deployment'],
        message: 'is required with pipeline: (the CI/CD account the pipeline runs in and deploys from, e.g. "555555555555")',
        showReceived: false,
      },
    ];
  }
  const same = WORKLOAD_ACCOUNTS.filter((key) => accounts[key] === deployment);
  if (same.length === 0) return [];
  return [
    {
      path: ['accounts', 'deployment'],
      message: `is also accounts.${same.join(' and accounts.')}; the pipeline assumes every account's deploy role, so it runs in an account of its own`,
      received: deployment,
    },
  ];
};

/** pipeline.canaryTenants names tenants of this config, each once. */
export const canaryTenantsExist = (doc: Doc): ConfigIssue[] => {
  const canaries = list(obj(doc.pipeline)?.canaryTenants);
  const ids = new Set(list(doc.tenants).map((t) => obj(t)?.id));
  const seen = new Set<unknown>();
  return canaries.flatMap((id, index): ConfigIssue[] => {
    if (typeof id !== 'string') return [];
    const path = ['pipeline', 'canaryTenants', index];
    if (seen.has(id)) return [{ path, message: 'is listed twice', received: id }];
    seen.add(id);
    if (ids.has(id)) return [];
    return [
      { path, message: `names no tenant of tenants: (known: ${[...ids].filter((i) => typeof i === 'string').join(', ') || 'none'})`, received: id },
    ];
  });
};

export const PIPELINE_RULES = [pipelineAccount, canaryTenantsExist] as const;
