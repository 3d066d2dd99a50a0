import type { Json } from '../types';
import type { ControlChange, CountChange, Direction, EvidenceChange } from './control-changes';
import type { BlockingItem, SecurityDiff } from './security-diff';
import type { StatefulChange } from './stateful-changes';

/**
 * The security diff as a reviewer reads it on a pull request: data loss first (what cannot be undone),
 * then the controls that got weaker and stronger with the observations behind them, then what was
 * acknowledged and why. Every row points at the template place it comes from.
 */

const MAX_VALUE = 80;

/** A table cell: one line, pipes escaped. */
const cell = (text: string): string => text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');

const code = (text: string): string => '`' + text.replace(/`/g, "'") + '`';

function shown(value: Json | undefined): string {
  if (value === undefined) return '(absent)';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return code(text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text);
}

const place = (file: string, pointer: string): string => code(`${file}#${pointer}`);

const itemKey = (item: Pick<BlockingItem, 'stack' | 'resource' | 'control'>): string => JSON.stringify([item.stack, item.resource, item.control]);

function headline(diff: SecurityDiff): string {
  const weaker = diff.controls.filter((c) => c.direction !== 'stronger').length;
  if (diff.stateful.length === 0 && weaker === 0) return 'No weakening and no data loss.';
  const resources = new Set(diff.stateful.map((c) => JSON.stringify([c.stack, c.resource]))).size;
  const items = diff.blocking.length + diff.acknowledged.length;
  const parts = [
    ...(resources === 0 ? [] : [`data loss on ${resources} resource${resources === 1 ? '' : 's'}`]),
    ...(weaker === 0 ? [] : [`${weaker} weaker control${weaker === 1 ? '' : 's'}`]),
  ];
  const found = parts.join(' and ');
  if (diff.blocking.length === 0)
    return `${found[0].toUpperCase()}${found.slice(1)}: every item acknowledged with a reason (below). The review passes.`;
  return (
    `**${diff.blocking.length} of ${items} items unacknowledged** (${found}): the review fails until each is undone or ` +
    'acknowledged with `{ stack, resource | control, reason }`.'
  );
}

function changeText(change: StatefulChange, acknowledged: ReadonlySet<string>): string {
  const mark = acknowledged.has(itemKey(change)) ? ' (acknowledged)' : '';
  // Effects are whole sentences elsewhere ("replaced: a new, empty..."): the kind is already in bold here.
  const effect = change.effect.startsWith(`${change.kind}: `) ? change.effect.slice(change.kind.length + 2) : change.effect;
  return `**${change.kind}**${mark}: ${change.cause}<br>→ ${effect}`;
}

function beforeAfter(change: StatefulChange): string {
  if (change.kind === 'removed' && change.property === undefined) return 'present → absent';
  const label = change.property === undefined ? '' : `${change.property}: `;
  return `${label}${shown(change.before)} → ${shown(change.after)}`;
}

function dataLoss(diff: SecurityDiff, acknowledged: ReadonlySet<string>): string[] {
  if (diff.stateful.length === 0) return [];
  return [
    '### Data loss',
    '',
    '| Stack | Logical id | Type | Change | Before → after | Where |',
    '| --- | --- | --- | --- | --- | --- |',
    ...diff.stateful.map(
      (c) =>
        `| ${cell(code(c.stack))} | ${cell(code(c.resource))} | ${cell(c.type)} | ${cell(changeText(c, acknowledged))} | ` +
        `${cell(beforeAfter(c))} | ${cell(place(c.file, c.pointer))} |`,
    ),
    '',
  ];
}

const countText = (c: CountChange): string =>
  `${c.kind}: ${c.before.holding} of ${c.before.total} → ${c.after.holding} of ${c.after.total} ${c.subject}`.trim();

function outcomeText(e: EvidenceChange): string {
  const before = e.before === undefined ? '(not observed)' : e.before;
  const after = e.after === undefined ? '(not observed)' : e.after;
  const values = e.valueBefore === undefined && e.valueAfter === undefined ? '' : ` (${shown(e.valueBefore)} → ${shown(e.valueAfter)})`;
  return `${before} → ${after}${values}`;
}

function controlSection(change: ControlChange, direction: Direction, acknowledged: ReadonlySet<string>): string[] {
  const rows = change.evidence.filter((e) => e.direction === direction);
  const verdict =
    change.verdict.before === change.verdict.after ? `still ${change.verdict.after}` : `${change.verdict.before} → ${change.verdict.after}`;
  const stacks = [...new Set(rows.map((e) => e.stack))];
  const acked = direction === 'weaker' && stacks.length > 0 && stacks.every((s) => acknowledged.has(itemKey({ stack: s, control: change.control })));
  return [
    `#### ${change.control}: ${change.title} (${verdict})${acked ? ' (acknowledged)' : ''}`,
    '',
    ...change.counts.map((c) => `- ${countText(c)}`),
    ...(change.counts.length > 0 ? [''] : []),
    ...(rows.length === 0
      ? ["No single observation changed: the verdict moved with the control's scope or its catalog entry.", '']
      : [
          '| Stack | Resource | Evidence | Outcome | Expected | Why | Where |',
          '| --- | --- | --- | --- | --- | --- | --- |',
          ...rows.map(
            (e) =>
              `| ${cell(code(e.stack))} | ${cell(e.resource === undefined ? '(stack)' : code(e.resource))} | ${cell(e.kind)} | ` +
              `${cell(outcomeText(e))} | ${cell(e.expected)} | ${cell(e.why)} | ${cell(place(e.file, e.pointer))} |`,
          ),
          '',
        ]),
  ];
}

function controls(diff: SecurityDiff, direction: Direction, acknowledged: ReadonlySet<string>): string[] {
  const relevant = diff.controls.filter((c) => c.verdict.direction === direction || c.evidence.some((e) => e.direction === direction));
  if (relevant.length === 0) return [];
  return [
    `### ${direction === 'weaker' ? 'Weaker' : 'Stronger'} controls`,
    '',
    ...relevant.flatMap((c) => controlSection(c, direction, acknowledged)),
  ];
}

function acknowledgedSection(diff: SecurityDiff): string[] {
  const lines: string[] = [];
  if (diff.acknowledged.length > 0) {
    lines.push('### Acknowledged', '', '| Stack | Item | Change | Reason |', '| --- | --- | --- | --- |');
    for (const a of diff.acknowledged) {
      lines.push(`| ${cell(code(a.stack))} | ${cell(code(a.resource ?? a.control ?? ''))} | ${cell(a.summary)} | ${cell(a.reason)} |`);
    }
    lines.push('');
  }
  if (diff.unusedAcknowledgments.length > 0) {
    lines.push('### Acknowledgments that match nothing', '', 'Stale or misspelled; remove or correct them:', '');
    for (const a of diff.unusedAcknowledgments) lines.push(`- ${code(a.stack)} ${code(a.resource ?? a.control ?? '')}: ${a.reason}`);
    lines.push('');
  }
  return lines;
}

/** A Markdown section for the pull request. */
export function securityDiffMarkdown(diff: SecurityDiff): string {
  const acknowledged = new Set(diff.acknowledged.map(itemKey));
  const lines = [
    '## Security diff',
    '',
    headline(diff),
    '',
    ...dataLoss(diff, acknowledged),
    ...controls(diff, 'weaker', acknowledged),
    ...controls(diff, 'stronger', acknowledged),
    ...acknowledgedSection(diff),
  ];
  return lines.join('\n').replace(/\n+$/, '\n');
}
