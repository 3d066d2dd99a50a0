import type { CostReport } from './cost-report';

const money = (n: number): string => `$${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

/** The tables of a cost report, for people (README, review). */
export function costSummaryMarkdown(report: CostReport): string[] {
  return [
    `List prices of ${report.priceDate} (${report.currency}; ${report.regions.join(', ')}), fixed monthly cost only; backup storage: ${report.inputs.backupGbPerVault} GB per vault (input).`,
    '',
    '| platform (fixed) | monthly |',
    '| --- | ---: |',
    ...report.platform.stacks.map((s) => `| ${s} | ${money(report.stacks.find((c) => c.stack === s)!.monthly)} |`),
    `| Shield Advanced (organization-wide fee) | ${money(report.platform.shieldAdvanced)} |`,
    `| **platform total** | **${money(report.platform.total)}** |`,
    '',
    '| tenant | plan | isolation | own stack | account baseline share | monthly |',
    '| --- | --- | --- | ---: | ---: | ---: |',
    ...report.tenants.map(
      (t) => `| ${t.id} | ${t.plan} | ${t.isolation} | ${money(t.ownStack)} | ${money(t.accountBaseline)} | ${money(t.monthly)} |`,
    ),
    '',
    '| plan | isolation | tenants | per tenant (min - max) | average |',
    '| --- | --- | ---: | --- | ---: |',
    ...report.plans.map(
      (p) => `| ${p.plan} | ${p.isolation} | ${p.tenants} | ${money(p.minMonthly)} - ${money(p.maxMonthly)} | ${money(p.averageMonthly)} |`,
    ),
  ];
}

/** The whole report: the summary, every stack's priced lines, and what is left out. */
export function costMarkdown(report: CostReport): string {
  const lines = ['# Monthly cost', '', ...costSummaryMarkdown(report), '', `Total: ${money(report.total)} per month.`, '', '## Per stack', ''];
  for (const s of report.stacks) {
    lines.push(`### ${s.stack} (${s.region}): ${money(s.monthly)}`, '', '| item | quantity | unit price | monthly |', '| --- | ---: | ---: | ---: |');
    for (const l of s.lines) lines.push(`| ${l.item} | ${l.quantity} ${l.unit} | ${money(l.unitMonthly)} | ${money(l.monthly)} |`);
    lines.push('');
  }
  lines.push(
    '## Usage-based, not included',
    '',
    ...report.usageBased.map((u) => `- ${u}`),
    '',
    '## Sources',
    '',
    ...report.sources.map((s) => `- ${s}`),
    '',
  );
  return lines.join('\n');
}
