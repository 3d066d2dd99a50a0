import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';

/**
 * CodePipeline grants every action's role access to the artifact bucket and key of the action's
 * region, once per action: the key policy of a region's support stack (`cross-region-stack-<account>:
 * <region>`, shared by every pipeline of the account) collects one statement per tenant deployed there,
 * 2,272 statements at 1,000 tenants, nearly all the same few. aws-cdk-lib merges them when it renders
 * the policy (`@aws-cdk/aws-iam:minimizePolicies`), pairwise: 8.5 s of the synthesis and a burst of
 * garbage, for four statements. Dropping the exact repeats first leaves the merge the same distinct
 * statements in the same order, so the rendered policy is the same.
 *
 * Call it once every pipeline sharing these stacks is built: a grant added later is kept, not collapsed.
 */
export function collapseRepeatedGrants(stacks: readonly Stack[]): void {
  for (const stack of new Set(stacks)) {
    for (const construct of stack.node.findAll()) {
      // kms.Key renders its policy document through its L1 key (the document itself is protected).
      if (construct instanceof kms.CfnKey && construct.keyPolicy instanceof iam.PolicyDocument) dropRepeats(stack, construct.keyPolicy);
      if (construct instanceof s3.BucketPolicy) dropRepeats(stack, construct.document);
    }
  }
}

/** Removes every statement that renders exactly as an earlier one of the same document; returns how many. */
export function dropRepeats(stack: Stack, document: iam.PolicyDocument): number {
  const statements = statementsOf(document);
  const seen = new Set<string>();
  const kept = statements.filter((statement) => {
    const rendered = JSON.stringify(stack.resolve(statement.toStatementJson()));
    if (seen.has(rendered)) return false;
    seen.add(rendered);
    return true;
  });
  const dropped = statements.length - kept.length;
  statements.splice(0, statements.length, ...kept);
  return dropped;
}

/**
 * PolicyDocument offers no way to remove a statement; its statements are an array it keeps in
 * `statements`. If an aws-cdk-lib upgrade changes that, this fails loudly instead of quietly keeping
 * the repeats (the test on a support stack's key policy fails too).
 */
function statementsOf(document: iam.PolicyDocument): iam.PolicyStatement[] {
  const statements = (document as unknown as { statements?: unknown }).statements;
  if (!Array.isArray(statements) || statements.length !== document.statementCount)
    throw new Error('aws-cdk-lib PolicyDocument no longer keeps its statements in `statements`: update collapseRepeatedGrants');
  return statements as iam.PolicyStatement[];
}
