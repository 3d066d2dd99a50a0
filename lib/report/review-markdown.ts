import { costSummaryMarkdown } from '../cost/cost-markdown';
import { costReport } from '../cost/cost-report';
import type { Evidence } from '../verify/types';
import type { ReviewDocument } from './review-document';
import { reviewDiagram } from './review-diagram';
import type { Assembly } from '../verify/types';

/**
 * rampart-review.md: the review a person signs, from the synthesized output alone. Provenance first,
 * then a verdict per control, exceptions with reasons, residual risks, proof that each validator ran,
 * the diagram, and an evidence table per stack (stack, logical id, JSON pointer, value).
 */

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const SHOWN = 160;
// Escaping only lengthens a text, character by character: the first SHOWN characters are escaped, not a whole list of a thousand tenants.
const value = (e: Evidence): string => (e.value === undefined ? '(absent)' : cell(JSON.stringify(e.value).slice(0, SHOWN)).slice(0, SHOWN));
const MARK: Readonly<Record<string, string>> = {
  holds: 'holds',
  partial: 'partial',
  missing: '**MISSING**',
  contradicted: '**CONTRADICTED**',
  'not-applicable': 'not applicable',
  'not-verified': 'not verified',
};

function provenance(doc: ReviewDocument): string[] {
  const p = doc.provenance;
  return [
    '## Provenance',
    '',
    `- Written by \`${p.generator}\` at ${p.generatedAt}`,
    `- Config: ${p.configFile === undefined ? 'not recorded (reviewed artifact only)' : `\`${p.configFile}\` (SHA-256 \`${p.configSha256 ?? 'unknown'}\`)`}`,
    `- Commit: ${p.commit === undefined ? 'not recorded' : `\`${p.commit}\``}`,
    ...(p.selection === undefined
      ? []
      : [
          `- **Selection reviewed, not the deployment**: only the stacks matching ${p.selection.patterns.map((x) => `\`${x}\``).join(', ')} ` +
            `were built (${p.selection.built} of ${p.selection.of} AWS stacks); every verdict below covers those stacks alone`,
        ]),
    `- Reviewed: ${[p.assembly.awsDir, p.assembly.gcpDir]
      .filter((d) => d !== undefined)
      .map((d) => `\`${d}\``)
      .join(', ')}`,
    `- Tools: ${Object.entries(p.tools)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  ];
}

function verdicts(doc: ReviewDocument): string[] {
  return [
    '## Verdict per control',
    '',
    `Result: **${doc.ok ? 'PASS' : 'FAIL'}** — ${Object.entries(doc.verdicts)
      .map(([v, n]) => `${n} ${v}`)
      .join(', ')}.`,
    '',
    '| control | verdict | evidence | stacks in scope |',
    '| --- | --- | --- | ---: |',
    ...doc.controls.map((c) => {
      const counts = c.counts.map((k) => `${k.holding} of ${k.total} ${k.subject}`).join('<br>');
      return `| ${c.control} — ${cell(c.title)} | ${MARK[c.verdict]} | ${cell(counts) || '—'} | ${c.stacks.length} |`;
    }),
  ];
}

/** Why each partial control does not hold: its exceptions in force by id, then the catalog's limits in its own words. */
function knownGaps(doc: ReviewDocument): string[] {
  const partial = doc.controls.filter((c) => c.verdict === 'partial');
  if (partial.length === 0) return [];
  const lines = [
    '## Known gaps of partial controls',
    '',
    'A control is partial when an exception is in force for it: one this deployment accepted and the evidence met, or a standing ' +
      "gap of Rampart recorded in the catalog (see Exceptions in force). The catalog's limits of each, in its words:",
    '',
  ];
  for (const c of partial) {
    const excepted = c.exceptions.map((e) => `${e.id} (${e.basis})`).join(', ');
    lines.push(
      `### ${c.control}: ${c.title}`,
      '',
      `Exceptions in force: ${excepted === '' ? 'none recorded (this fails the review)' : excepted}.`,
      '',
    );
    lines.push(...c.limits.map((l) => `- ${l}`), '');
  }
  return lines;
}

function exceptionLines(c: ReviewDocument['controls'][number], e: ReviewDocument['controls'][number]['exceptions'][number]): string[] {
  const where =
    e.basis === 'standing'
      ? c.stacks
      : c.evidence.filter((x) => x.outcome === 'excepted' && x.exception === e.id).map((x) => `${x.stack}/${x.resource ?? '(stack)'}`);
  return [`### ${c.control}: ${e.id}`, '', `- Covers: ${e.covers}`, `- Reason: ${e.reason}`, `- Where: ${[...new Set(where)].join(', ')}`, ''];
}

function exceptions(doc: ReviewDocument): string[] {
  const withBasis = (basis: 'accepted' | 'standing'): string[] =>
    doc.controls.flatMap((c) => c.exceptions.filter((e) => e.basis === basis).flatMap((e) => exceptionLines(c, e)));
  const accepted = withBasis('accepted');
  const standing = withBasis('standing');
  return [
    '## Exceptions in force',
    '',
    'Never counted as holding. Accepted exceptions are deviations this deployment chose (`policy.acceptedExceptions`), met by the ' +
      'evidence named under Where. Standing exceptions are gaps of Rampart itself, recorded in the catalog (docs/controls.md): no ' +
      "config closes them, so they are in force in every stack of the control's scope.",
    '',
    '### Accepted by this deployment',
    '',
    ...(accepted.length === 0 ? ['None.', ''] : accepted.map((l) => (l.startsWith('### ') ? `#${l}` : l))),
    '### Standing gaps of Rampart',
    '',
    ...(standing.length === 0 ? ['None.', ''] : standing.map((l) => (l.startsWith('### ') ? `#${l}` : l))),
  ];
}

/** What the application must do for a control that holds or is partial in this review: the templates prove the means, not their use. */
function sharedResponsibility(doc: ReviewDocument): string[] {
  const controls = doc.controls.filter((c) => c.sharedResponsibility.length > 0 && c.stacks.length > 0);
  if (controls.length === 0) return [];
  const lines = [
    '## Shared responsibility (what the application must do)',
    '',
    'The verdicts above judge the infrastructure from the templates. For these controls they hold only if the application does its part, ' +
      'which no template can show:',
    '',
  ];
  for (const c of controls) lines.push(`### ${c.control}: ${c.title}`, '', ...c.sharedResponsibility.map((l) => `- ${l}`), '');
  return lines;
}

function validators(doc: ReviewDocument): string[] {
  const evidence = doc.controls.flatMap((c) => c.evidence);
  const n = (x: number | undefined): string => (x === undefined ? '—' : String(x));
  return [
    '## Validators that ran',
    '',
    'Rules evaluated and resources checked come from `rampart-validator-runs.json` (written while each plugin and guard ran); findings and acknowledgments from `validation-report.json`; the Google Cloud policy suite is re-run by this review on the `cdk.tf.json` files.',
    '',
    '| validator | kind | recorded | conclusion | rules | resources | stacks | unacknowledged | acknowledged | detail |',
    '| --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | --- |',
    ...doc.validators.map(
      (v) =>
        `| ${v.name} | ${v.kind} | ${v.recorded ? 'yes' : '**no**'} | ${v.conclusion ?? '—'} | ${n(v.rules)} | ${n(v.resources)} | ${n(v.stacks)} | ${v.violations} | ${v.acknowledged} | ${cell(v.detail ?? '')} |`,
    ),
    `| Rampart evidence verifier | verifier | yes | ${doc.ok ? 'success' : 'failure'} | ${doc.controls.length} controls | — | ${doc.stacks.length} | ${evidence.filter((e) => e.outcome === 'missing' || e.outcome === 'contradicted').length} | ${evidence.filter((e) => e.outcome === 'excepted').length} | ${evidence.length} observations |`,
  ];
}

function evidenceTables(doc: ReviewDocument): string[] {
  // Each stack's rows in control order, grouped in one pass (a filter per stack made a thousand stacks quadratic).
  const byStack = new Map<string, Evidence[]>();
  for (const c of doc.controls) {
    for (const e of c.evidence) {
      const rows = byStack.get(e.stack);
      if (rows === undefined) byStack.set(e.stack, [e]);
      else rows.push(e);
    }
  }
  const lines = ['## Evidence per stack', ''];
  for (const stack of doc.stacks) {
    const rows = byStack.get(stack.id) ?? [];
    lines.push(
      `### ${stack.id}`,
      '',
      `${stack.cloud.toUpperCase()} ${stack.account} ${stack.region}, kind ${stack.kind ?? 'unknown'}, file \`${stack.file}\`, ${stack.resources} resources.`,
      '',
    );
    lines.push('| control | outcome | resource | pointer | value | expected |', '| --- | --- | --- | --- | --- | --- |');
    for (const e of rows) {
      const outcome = e.outcome === 'holds' ? 'holds' : e.outcome === 'excepted' ? `excepted (${e.exception})` : `**${e.outcome}**`;
      lines.push(`| ${e.control} | ${outcome} | ${e.resource ?? '—'} | \`${cell(e.pointer || '/')}\` | ${value(e)} | ${cell(e.expected)} |`);
    }
    lines.push('');
  }
  return lines;
}

/** The fixed monthly cost of the AWS stacks (`npm run cost` has the detail); a region without prices is said, not guessed. */
function costSection(assembly: Assembly): string[] {
  if (!assembly.stacks.some((s) => s.cloud === 'aws')) return [];
  const head = ['## Monthly cost (fixed part, list prices; `npm run cost` for every line and what is usage-based)', ''];
  try {
    return [...head, ...costSummaryMarkdown(costReport(assembly)), ''];
  } catch (error) {
    return [...head, `Not priced: ${(error as Error).message}`, ''];
  }
}

export function reviewMarkdown(doc: ReviewDocument, assembly: Assembly): string {
  const failing = doc.controls.filter((c) => c.verdict === 'missing' || c.verdict === 'contradicted');
  return [
    '# Rampart security review',
    '',
    'Everything below is read from the synthesized output in this directory (templates, cdk.tf.json, manifests): what deploys, never the ' +
      'config or the code. docs/controls.md says what each control promises and why.',
    '',
    ...provenance(doc),
    '',
    ...(failing.length > 0 ? ['## Failing', '', ...failing.map((c) => `- ${c.control}: ${c.verdict}`), ''] : []),
    ...(doc.unknownStacks.length > 0
      ? ['## Stacks Rampart did not describe (nothing could be judged)', '', ...doc.unknownStacks.map((s) => `- ${s}`), '']
      : []),
    ...(doc.unrecordedPartial.length > 0
      ? ['## Partial controls with no exception recorded (each fails the review)', '', ...doc.unrecordedPartial.map((c) => `- ${c}`), '']
      : []),
    ...verdicts(doc),
    '',
    ...exceptions(doc),
    ...sharedResponsibility(doc),
    ...knownGaps(doc),
    '## Residual risks (what templates cannot prove)',
    '',
    ...doc.residualRisks.map((r) => `- ${r}`),
    '',
    ...validators(doc),
    '',
    '## Accounts, regions, stacks, networks and public endpoints',
    '',
    reviewDiagram(assembly),
    '',
    ...costSection(assembly),
    ...evidenceTables(doc),
    '## Acknowledged validator findings',
    '',
    '| plugin | rule | resource | reason |',
    '| --- | --- | --- | --- |',
    ...doc.acknowledgments.map((a) => `| ${a.plugin} | ${a.ruleName} | ${a.constructPaths.join('<br>')} | ${cell(a.reason)} |`),
    '',
  ].join('\n');
}
