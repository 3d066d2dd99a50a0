import { CATALOG } from '../promises/catalog';
import { recordKeyStores } from '../verify/aws/record-key-store';
import { resources } from '../verify/aws/template';
import type { Assembly, Verification } from '../verify/types';

/**
 * What the templates cannot prove, derived from what is in them: deploy-time code whose effect no
 * template shows, prerequisites outside CloudFormation and Terraform, and controls nothing verifies.
 */
export function residualRisks(assembly: Assembly, verification: Verification): string[] {
  const aws = assembly.stacks.filter((s) => s.cloud === 'aws');
  const risks: string[] = [];
  const custom = aws.flatMap((s) =>
    resources(s)
      .filter((r) => r.type.startsWith('Custom::'))
      .map((r) => `${s.id}/${r.id} (${r.type})`),
  );
  if (custom.length > 0) {
    risks.push(
      `Deploy-time code: ${custom.length} custom resources run a Lambda function at deploy time whose effect no template shows ` +
        `(e.g. ${custom[0]}); a first deploy must confirm it (for VpcRestrictDefaultSG: the default security group has no rules; the ` +
        'verifier proves from the template which group it is given and that its role may change nothing else, NET-ISOLATION ' +
        'default-sg-closed and LEAST-PRIV deploy-time-function-scoped).',
    );
  }
  if (aws.some((s) => typeof s.template.Transform !== 'undefined'))
    risks.push('A template declares a Transform: its expanded form is decided by CloudFormation at deploy time.');
  if (aws.some((s) => resources(s, 'AWS::Shield::Protection').length > 0)) {
    risks.push('Shield Advanced protections need an active Shield Advanced subscription in each account: no template can create or show it.');
  }
  if (aws.length > 0) {
    risks.push(
      'Service control policies (cdk.out/policies/*.scp.json: HIPAA service allowlist, EU region deny) are written, not attached: attaching ' +
        'them in AWS Organizations is a manual step (docs/policies.md) that no template shows.',
      'Alert e-mail subscriptions must be confirmed by a person after the first deploy; until then findings reach nobody.',
      'Availability zone names are pinned without a lookup: a first deploy must confirm each name exists in the target account.',
    );
  }
  const keyStores = aws.flatMap((s) => recordKeyStores(s).map((t) => `${s.id}/${t.id}`));
  // Google Cloud: the Firestore record key stores (lib/verify/gcp/record-keys.ts names them the same way).
  const firestore = assembly.stacks.filter((s) => s.cloud === 'gcp' && /"name":"[^"]*-record-keys"/.test(JSON.stringify(s.template.resource ?? {})));
  if (keyStores.length + firestore.length > 0) {
    risks.push(
      `Record key stores (${keyStores.length} DynamoDB tables, ${firestore.length} Firestore databases): copies made outside the templates would ` +
        'outlive the erasure deadline and no template shows them: an AWS Organizations backup policy selecting the tables (exclude the ' +
        '`*-record-keys` tables), on-demand DynamoDB backups or exports to S3, Firestore exports or backup schedules created by hand.',
    );
  }
  if (aws.some((s) => s.metadata?.tenant?.byok === true)) {
    risks.push(
      'A BYOK tenant\'s key has no material until the customer imports it: its bucket cannot be written before that (README, "Bring your own key").',
    );
  }
  const unverified = verification.controls.filter((c) => c.verdict === 'not-verified' && CATALOG.find((e) => e.id === c.control)?.status === 'open');
  if (unverified.length > 0) {
    risks.push(`Promises not built, so nothing verifies them: ${unverified.map((c) => `${c.control} (${c.title})`).join('; ')}.`);
  }
  return risks;
}
