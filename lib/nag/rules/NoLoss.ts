import { CfnDeletionPolicy, CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { RampartRule } from '../rule';
import { STATEFUL_RESOURCE_TYPES } from '../stateful-types';

/**
 * NO-LOSS: no deploy may destroy data. Every stateful resource is retained both when it is removed
 * from the template (DeletionPolicy) and when a change forces its replacement (UpdateReplacePolicy).
 * No public pack checks UpdateReplacePolicy, and none covers every type in STATEFUL_RESOURCE_TYPES.
 */
export const NoLoss: RampartRule = {
  id: 'NoLoss',
  controls: ['NO-LOSS'],
  info: 'The stateful resource is not retained on delete and on replacement.',
  explanation:
    'Set RemovalPolicy.RETAIN (DeletionPolicy and UpdateReplacePolicy: Retain) on every resource that holds data or keys, so that no later deploy can delete it.',
  check(resource: CfnResource) {
    if (!STATEFUL_RESOURCE_TYPES.has(resource.cfnResourceType)) return NagRuleCompliance.NOT_APPLICABLE;
    const { deletionPolicy, updateReplacePolicy } = resource.cfnOptions;
    const retained = deletionPolicy === CfnDeletionPolicy.RETAIN && updateReplacePolicy === CfnDeletionPolicy.RETAIN;
    return retained ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
};
