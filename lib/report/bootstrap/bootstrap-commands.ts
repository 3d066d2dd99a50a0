import type { AccountBootstrap } from './bootstrap-policies';

export interface BootstrapCommandsInput {
  readonly bootstraps: readonly AccountBootstrap[];
  /** accounts.deployment: trusted for deployments and lookups everywhere else. */
  readonly deploymentAccount: string;
  readonly names: { readonly execution: string; readonly boundary: string };
  /** Where the policy documents were written, as the commands should name them. */
  readonly policyFile: (kind: 'execution' | 'boundary', account: string) => string;
}

/**
 * The commands, in order: the two policies per account, then `cdk bootstrap` per account and region
 * with the execution policy, the boundary on every bootstrap role and, outside the deployment
 * account, trust for the deployment account (deploys and, for the wave checks, lookups).
 */
export function bootstrapCommands(input: BootstrapCommandsInput): string[] {
  const { bootstraps, deploymentAccount, names } = input;
  const policies = bootstraps.flatMap((b) => [
    `aws iam create-policy --policy-name ${names.execution} --policy-document file://${input.policyFile('execution', b.account)}   # account ${b.account}`,
    `aws iam create-policy --policy-name ${names.boundary} --policy-document file://${input.policyFile('boundary', b.account)}   # account ${b.account}`,
  ]);
  const bootstrap = bootstraps.flatMap((b) =>
    b.regions.map((region) =>
      [
        `npx cdk bootstrap aws://${b.account}/${region}`,
        ...(b.account === deploymentAccount ? [] : [`--trust ${deploymentAccount}`, `--trust-for-lookup ${deploymentAccount}`]),
        `--cloudformation-execution-policies arn:aws:iam::${b.account}:policy/${names.execution}`,
        `--custom-permissions-boundary ${names.boundary}`,
        '--apply-permissions-boundary-to-all-roles',
      ].join(' '),
    ),
  );
  return [
    "# 1. Once per account, with that account's credentials: the CloudFormation execution policy and the bootstrap roles' permissions boundary",
    ...policies,
    "# 2. Per account and region, with that account's credentials",
    ...bootstrap,
  ];
}
