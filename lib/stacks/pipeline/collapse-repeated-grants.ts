import type { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';

/**
 * CodePipeline grants every action's role access to the artifact bucket and key of the action's
 * region, once per action: the key policy of a region's support stack (`cross-region-stack-<account>:
 * <region>`, shared by every pipeline of the account) collects one statement per tenant deployed there,
 * 2,272 statements at 1,000 tenants, nearly all the same few. aws-cdk-lib merges them when it renders
 * the policy (`@aws-cdk/aws-iam:minimizePolicies`), pairwise: 8.5 s of the synthesis and a burst of
 * garbage, for four statements. So the exact repeats are dropped first.
 *
 * What that can change: nothing a policy allows or denies (a repeated statement grants or denies
 * nothing its first occurrence does not). Its rendering: aws-cdk-lib's merge is greedy, so a repeat can
 * survive as a redundant statement of its own after its first occurrence was merged into a wider one;
 * without the repeat that statement is not there. CodePipeline's grants never leave one (each
 * principal is granted one set of actions on one resource): every template of the 1,000-tenant
 * assembly and of the default config is byte-identical with and without this.
 *
 * Only the support stacks (`supportStacks`), where the repeats are. Call it once every pipeline
 * sharing them is built: a grant added later is kept, not collapsed.
 */
export function collapseRepeatedGrants(supportStacks: readonly Stack[]): void {
  for (const stack of new Set(supportStacks)) {
    for (const construct of stack.node.findAll()) {
      // kms.Key renders its policy document through its L1 key (the document itself is protected).
      // The bucket's grants name the bucket (`Fn::GetAtt`), which dropRepeats never drops: not read.
      if (construct instanceof kms.CfnKey && construct.keyPolicy instanceof iam.PolicyDocument) dropRepeats(stack, construct.keyPolicy);
    }
  }
}

/**
 * Removes every statement identical to an earlier one of `stack`'s document; returns how many. Two
 * statements are identical when they resolve to the same JSON of literals, `AWS::Partition` and
 * `AWS::URLSuffix`: CodePipeline writes each grant's principal as a token of its own, so comparing
 * them unresolved would find no repeat. Any other `Ref` or an `Fn::GetAtt` keeps its statement:
 * resolved before the app's references are, a resource of another stack reads like a same-named one
 * of this stack, and another stack's `AWS::StackId`, `AWS::AccountId` or `AWS::Region` (ScopedAws)
 * like this stack's. A partition or URL suffix is the same in every stack that can reference another.
 */
export function dropRepeats(stack: Stack, document: iam.PolicyDocument): number {
  const statements = statementsOf(document);
  const seen = new Set<string>();
  const kept = statements.filter((statement) => {
    const resolved: unknown = stack.resolve(statement.toStatementJson());
    if (namesResource(resolved)) return true;
    const rendered = JSON.stringify(resolved);
    if (seen.has(rendered)) return false;
    seen.add(rendered);
    return true;
  });
  const dropped = statements.length - kept.length;
  statements.splice(0, statements.length, ...kept);
  return dropped;
}

/** The pseudo-parameters whose value cannot differ between a stack and one it references. */
const SAME_IN_EVERY_STACK: ReadonlySet<unknown> = new Set(['AWS::Partition', 'AWS::URLSuffix']);

/** Whether a resolved value holds an `Fn::GetAtt`, or a `Ref` other than to a pseudo-parameter of SAME_IN_EVERY_STACK. */
function namesResource(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(namesResource);
  if (value === null || typeof value !== 'object') return false;
  for (const [key, inner] of Object.entries(value)) {
    if (key === 'Fn::GetAtt' || (key === 'Ref' && !SAME_IN_EVERY_STACK.has(inner))) return true;
    if (namesResource(inner)) return true;
  }
  return false;
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
