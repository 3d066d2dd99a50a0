import type { CheckKind, OwnCheck } from '../checks/own-checks';
import type { ControlId } from '../promises/control-ids';
import type { PolicyNumbers } from '../promises/policy-numbers';
import type { ControlEntry, ControlStatus, PolicyQuote } from '../promises/types';

/**
 * docs/controls.md, rendered from the promise catalog, Rampart's own checks and the policy numbers.
 * Pure and deterministic (no dates, no file system): bin/write-controls-doc.ts writes it, and a
 * test compares the file on disk with this function's output so the document cannot go stale.
 */

/** Where the document lives, from the repository root, and the command that regenerates it. */
export const CONTROLS_DOC_PATH = 'docs/controls.md';
export const CONTROLS_DOC_COMMAND = 'npx tsx bin/write-controls-doc.ts';

const STATUS_MEANING: Readonly<Record<ControlStatus, string>> = {
  enforced: 'built, and checked in every stack of its scope',
  partial: 'built, with a known gap named under Limits',
  open: 'not built yet; Limits says what is missing',
  'out-of-scope': 'an application-level promise no infrastructure can keep',
};

const CHECK_KIND: Readonly<Record<CheckKind, string>> = {
  'rampart-pack': 'Rampart cdk-nag pack',
  'gcp-suite': 'Google Cloud policy suite',
  guard: 'guard, fails synth',
  'config-rule': 'config rule',
  'evidence-verifier': 'evidence verifier, reads the synthesized output',
};

/** Rampart's own checks that declare `id`, in the order `checks` lists them. */
export function ownChecksOf(id: ControlId, checks: readonly OwnCheck[]): OwnCheck[] {
  return checks.filter((check) => check.controls.includes(id));
}

function anchor(id: string): string {
  return id.toLowerCase();
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

function code(text: string): string {
  return `\`${text}\``;
}

function howToRead(): string[] {
  return [
    '## How to read this',
    '',
    'Each control is one promise of the published policies, under a stable id (the id checks, stack plans and the review report use). ' +
      'Its **status** says how far the promise is true in the templates Rampart synthesizes today: `enforced` (built, and an ' +
      'automated check fails the build when it breaks), `partial` (built, with a gap named under Limits), `open` (not built yet) or ' +
      '`out-of-scope` (an application-level promise no infrastructure can keep, listed so the catalog is complete). **Policy** quotes ' +
      'the published sentences verbatim, with their file under `shared/policies/` and section, so the wording can be checked. ' +
      '**Numbers** are the values the control carries, read from the policy configuration (here the published numbers). **Applies ' +
      'to** names the kinds of stack the control is verified on (`aws-platform`, `aws-enclave`, `aws-account-baseline`, `aws-tenant`, ' +
      '`gcp-recordings`), and where given only those holding EU data or PHI. **Checks** are the automated rules that fail the ' +
      'build when the control is broken: Rampart\'s own (its cdk-nag pack, its Google Cloud policy suite, and guards that fail ' +
      'synthesis), with their source file, then the public cdk-nag pack rules that check part of it. **Tests** prove the behaviour; ' +
      '**Limits** and **Exceptions** say plainly what does not hold. Trust a status only as far as its checks reach.',
    '',
  ];
}

function summary(catalog: readonly ControlEntry[], checks: readonly OwnCheck[]): string[] {
  const count = (status: ControlStatus) => catalog.filter((entry) => entry.status === status).length;
  const rows = catalog.map((entry) => {
    const own = ownChecksOf(entry.id, checks).length;
    const pack = entry.packRules?.length ?? 0;
    const total = own + pack === 0 ? '0' : `${own + pack} (${own} Rampart, ${pack} pack)`;
    return `| [${entry.id}](#${anchor(entry.id)}) | ${cell(entry.title)} | ${entry.status} | ${total} |`;
  });
  return [
    '## Summary',
    '',
    `${catalog.length} controls: ${count('enforced')} enforced, ${count('partial')} partial, ${count('open')} open, ` +
      `${count('out-of-scope')} out of scope (application level).`,
    '',
    '| control | promise | status | checks |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
  ];
}

function quote(q: PolicyQuote): string[] {
  return [`> ${q.text}`, `>`, `> ${code(q.file)}, section "${q.section}"`, ''];
}

function numbersOf(entry: ControlEntry, policy: PolicyNumbers): string[] {
  if (entry.numbers === undefined) return [];
  const rows = Object.entries(entry.numbers(policy)).map(([name, value]) => {
    const shown = Array.isArray(value) ? value.map((v) => code(String(v))).join(', ') : code(String(value));
    return `| ${code(name)} | ${shown} |`;
  });
  return ['**Numbers** (from the policy configuration)', '', '| number | value |', '| --- | --- |', ...rows, ''];
}

function appliesTo(entry: ControlEntry): string {
  if (entry.appliesTo.kinds.length === 0) return 'no stack (not built, or not infrastructure)';
  const kinds = entry.appliesTo.kinds.map(code).join(', ');
  if (entry.appliesTo.only === 'eu') return `${kinds}, only stacks holding EU customers' data`;
  if (entry.appliesTo.only === 'phi') return `${kinds}, only stacks holding PHI`;
  return kinds;
}

function checksOf(entry: ControlEntry, checks: readonly OwnCheck[]): string[] {
  const own = ownChecksOf(entry.id, checks).map(
    (check) => `- ${code(check.id)} (${CHECK_KIND[check.kind]}, ${code(check.file)}): ${check.description}`,
  );
  const pack = entry.packRules?.length ? [`- Public cdk-nag pack rules: ${entry.packRules.map(code).join(', ')}`] : [];
  const lines = own.length + pack.length === 0 ? ['None yet.'] : [...own, ...pack];
  return ['**Checks**', '', ...lines, ''];
}

function list(title: string, items: readonly string[], empty: string): string[] {
  return [`**${title}**`, '', ...(items.length === 0 ? [empty] : items.map((item) => `- ${item}`)), ''];
}

function control(entry: ControlEntry, checks: readonly OwnCheck[], policy: PolicyNumbers): string[] {
  const exceptions = (entry.exceptions ?? []).map(
    (e) =>
      `${code(e.id)} (${e.standing === true ? 'standing: in force wherever the control applies' : 'in force where the config accepts it'}). ` +
      `Covers: ${e.covers} Why: ${e.reason}`,
  );
  return [
    `<a id="${anchor(entry.id)}"></a>`,
    '',
    `### ${entry.id}: ${entry.title}`,
    '',
    `**Status:** \`${entry.status}\`: ${STATUS_MEANING[entry.status]}.`,
    '',
    `**Applies to:** ${appliesTo(entry)}.`,
    '',
    '**Policy**',
    '',
    ...entry.policy.flatMap(quote),
    ...numbersOf(entry, policy),
    '**How it is realised**',
    '',
    entry.realisation.summary,
    '',
    ...(entry.realisation.code.length > 0 ? [`Code: ${entry.realisation.code.map(code).join(', ')}`, ''] : []),
    ...checksOf(entry, checks),
    ...list('Tests', entry.tests.map(code), 'None.'),
    ...list('Limits', entry.limits, 'None known.'),
    ...((entry.sharedResponsibility ?? []).length > 0 ? list('Shared responsibility (what the application must do)', entry.sharedResponsibility ?? [], '') : []),
    ...(exceptions.length > 0 ? list('Exceptions', exceptions, '') : []),
  ];
}

function checkIndex(checks: readonly OwnCheck[]): string[] {
  return [
    "## Rampart's own checks",
    '',
    'Every check Rampart runs itself, with the controls it declares (`lib/checks/own-checks.ts`).',
    '',
    '| check | kind | controls | file |',
    '| --- | --- | --- | --- |',
    ...checks.map(
      (check) =>
        `| ${code(check.id)} | ${CHECK_KIND[check.kind]} | ${check.controls.map((id) => `[${id}](#${anchor(id)})`).join(', ')} | ` +
        `${code(check.file)} |`,
    ),
    '',
  ];
}

/** The whole of docs/controls.md. */
export function renderControlsDoc(catalog: readonly ControlEntry[], checks: readonly OwnCheck[], policy: PolicyNumbers): string {
  const lines = [
    '# Controls: what Rampart promises, and how far each promise holds',
    '',
    `<!-- Generated from lib/promises/catalog/ and lib/checks/own-checks.ts by \`${CONTROLS_DOC_COMMAND}\`. ` +
      'Do not edit by hand: a test fails when this file differs from the catalog. -->',
    '',
    'The two published policies Rampart implements are `shared/policies/voice-ai-saas-on-aws.md` (a voice-AI SaaS on AWS) and ' +
      '`shared/policies/screen-recording-saas-on-gcp.md` (a screen-recording SaaS on Google Cloud). This document lists every ' +
      'promise they make, the sentence that makes it, and what Rampart builds and checks for it.',
    '',
    ...howToRead(),
    ...summary(catalog, checks),
    '## Controls',
    '',
    ...catalog.flatMap((entry) => control(entry, checks, policy)),
    ...checkIndex(checks),
  ];
  return `${lines.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}
