import { OffboardingPlan } from './offboarding-plan';

/** The plan as Markdown: what `npm run tenant:offboard -- <id>` prints, and the auditor's checklist. */
export function renderOffboardingPlan(plan: OffboardingPlan): string {
  const out: string[] = [];
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  out.push(`# Offboarding tenant \`${plan.tenantId}\` (control ERASURE)`, '');
  out.push(
    `- plan: ${plan.plan}${plan.byok ? ', BYOK data key' : ''}${plan.enclave ? ', HIPAA enclave' : ''}`,
    `- account ${plan.account}, region ${plan.region}; stack \`${plan.stackPath}\` (CloudFormation \`${plan.stackName}\`)`,
    `- keys: \`${plan.names.dataKeyAlias}\` (data), \`${plan.names.backupKeyAlias}\` (backup); vault \`${plan.names.vaultName}\`; buckets \`${plan.names.dataBucketName}\`, \`${plan.names.logsBucketName}\``,
    `- timeline: grace ${plan.graceDays} d + key deletion window ${plan.keyDeletionWindowDays} d = **${plan.totalDays} days** (deadline ${plan.deadlineDays} days)`,
    '',
    'Day 0 is the day of the offboarding request. Run the AWS commands in a bash shell with AWS CLI v2, in the account named by each step; ' +
      'steps 2 onwards read the key ARNs recorded in step 1 from the file it writes. File every verification output with the erasure record.',
    '',
  );
  plan.steps.forEach((step, index) => {
    out.push(`## ${index + 1}. Day ${step.day}: ${step.title}`, '');
    out.push(step.account === undefined ? '*Where:* the Rampart repository.' : `*Where:* account ${step.account}, region ${step.region}.`, '');
    out.push('```sh', ...step.commands, '```', '');
    out.push(`*Why:* ${step.why}`, '');
    out.push('*Verify (evidence):*', '');
    for (const v of step.verify) out.push(v.run === undefined ? `- ${v.expect}` : `- \`${v.run}\`  \n  expect: ${v.expect}`);
    out.push('');
  });
  out.push("## Where the tenant's data is, and how each copy is erased", '');
  out.push('| copy | encryption | retention | erased by | erased on day |', '| --- | --- | --- | --- | ---: |');
  for (const c of plan.copies) {
    out.push(`| ${cell(c.copy)} | ${cell(c.encryption)} | ${cell(c.retention)} | ${c.erasedBy}: ${cell(c.note)} | ${c.erasedOnDay} |`);
  }
  out.push('', '## Not erased by this procedure', '');
  for (const r of plan.residuals) {
    out.push(`- **${r.what}.** ${r.why} *Action:* ${r.action}`);
  }
  out.push('');
  return out.join('\n');
}
