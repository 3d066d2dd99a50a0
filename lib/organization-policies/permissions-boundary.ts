import { Construct } from 'constructs';
import { pipelineBoundaryActions } from '../promises/pipeline-boundary';
import { platformBoundaryActions } from '../promises/platform-boundary';
import { BoundaryPolicy, type BoundaryPolicyProps } from './boundary-policy';
import { allowedActions } from './hipaa-eligible-services';

export type HipaaPermissionsBoundaryProps = BoundaryPolicyProps;

/**
 * HIPAA: a permissions boundary that caps every role of the enclave at the HIPAA-eligible services
 * (`hipaa-eligible-services.ts`) plus a few named control-plane actions.
 *
 * Apply it with `applyTo(stackOrStage)`; that also adds `RequirePermissionsBoundary`, so synth
 * fails on any role in scope that ends up without a boundary.
 */
export class HipaaPermissionsBoundary extends BoundaryPolicy {
  constructor(scope: Construct, id: string, props: HipaaPermissionsBoundaryProps = {}) {
    super(
      scope,
      id,
      {
        label: 'HipaaPermissionsBoundary',
        description: 'Rampart HIPAA permissions boundary: HIPAA-eligible services only; boundaries cannot be removed or bypassed',
        allowedActions: allowedActions(),
        control: 'HIPAA',
      },
      props,
    );
  }
}

/**
 * LEAST-PRIV: the platform's permissions boundary, on every role of every stack outside the HIPAA
 * scope. Its allowlist is data (lib/promises/platform-boundary.ts), quoted by the catalog and
 * checked on every role by the evidence verifier.
 */
export class PlatformPermissionsBoundary extends BoundaryPolicy {
  constructor(scope: Construct, id: string, props: BoundaryPolicyProps = {}) {
    super(
      scope,
      id,
      {
        label: 'PlatformPermissionsBoundary',
        description: "Rampart platform permissions boundary: the platform's services only; boundaries cannot be removed or bypassed",
        allowedActions: platformBoundaryActions(),
        control: 'LEAST-PRIV',
      },
      props,
    );
  }
}

/**
 * LEAST-PRIV: the deployment pipeline's permissions boundary, on every role of the pipeline stack.
 * Its allowlist is data (lib/promises/pipeline-boundary.ts), checked on every role of a pipeline
 * stack by the evidence verifier.
 */
export class PipelinePermissionsBoundary extends BoundaryPolicy {
  constructor(scope: Construct, id: string, props: BoundaryPolicyProps = {}) {
    super(
      scope,
      id,
      {
        label: 'PipelinePermissionsBoundary',
        description: "Rampart deployment pipeline permissions boundary: the pipeline's services only; boundaries cannot be removed or bypassed",
        allowedActions: pipelineBoundaryActions(),
        control: 'LEAST-PRIV',
      },
      props,
    );
  }
}
