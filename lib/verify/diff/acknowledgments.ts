import { parseDocument } from 'yaml';
import { isControlId, type ControlId } from '../../promises/control-ids';

/**
 * A reviewer's written consent to one change the security diff would otherwise fail on:
 * `{ stack, resource, reason }` for data loss on one resource, `{ stack, control, reason }` for a
 * control that got weaker in one stack. Kept in a YAML file beside the pull request, so the reason is
 * reviewed with the change and stays in history.
 */
export interface Acknowledgment {
  /** Stack id (StackArtifact.id), e.g. `prod-us-east-1/tenant-acme`. */
  readonly stack: string;
  /** Logical id (CloudFormation) or `<type>.<name>` (Terraform): data loss on this resource is accepted. */
  readonly resource?: string;
  /** A control whose weakening in this stack is accepted. */
  readonly control?: ControlId;
  readonly reason: string;
}

export interface ParsedAcknowledgments {
  readonly acknowledgments: readonly Acknowledgment[];
  /** Every problem at once, each naming the file, the entry's index and the field. Non-empty means the file must be fixed. */
  readonly errors: readonly string[];
}

const FIELDS = ['stack', 'resource', 'control', 'reason'];

function entryErrors(entry: unknown, where: string): string[] {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry))
    return [`${where}: expected a mapping with stack, resource or control, and reason`];
  const fields = entry as Record<string, unknown>;
  const errors = Object.keys(fields)
    .filter((k) => !FIELDS.includes(k))
    .map((k) => `${where}.${k}: unknown field (expected ${FIELDS.join(', ')})`);
  const text = (name: string, required: boolean): void => {
    const value = fields[name];
    if (value === undefined || value === null) {
      if (required) errors.push(`${where}.${name}: required, a non-empty string`);
    } else if (typeof value !== 'string' || value.trim() === '') {
      errors.push(`${where}.${name}: expected a non-empty string, got ${JSON.stringify(value)}`);
    }
  };
  text('stack', true);
  text('resource', false);
  text('control', false);
  text('reason', true);
  if (typeof fields.control === 'string' && fields.control.trim() !== '' && !isControlId(fields.control)) {
    errors.push(`${where}.control: unknown control ${JSON.stringify(fields.control)} (see lib/promises/control-ids.ts)`);
  }
  const has = (name: string): boolean => fields[name] !== undefined && fields[name] !== null;
  if (!has('resource') && !has('control')) errors.push(`${where}: give resource (data loss) or control (weakening)`);
  if (has('resource') && has('control')) errors.push(`${where}: give resource (data loss) or control (weakening), not both`);
  return errors;
}

/** Reads an acknowledgments file: a YAML list of `{ stack, resource | control, reason }`. An empty file acknowledges nothing. */
export function parseAcknowledgments(yamlText: string, path: string): ParsedAcknowledgments {
  const document = parseDocument(yamlText, { prettyErrors: true });
  if (document.errors.length > 0) {
    return { acknowledgments: [], errors: document.errors.map((e) => `${path}: not valid YAML: ${e.message.split('\n')[0].replace(/:$/, '')}`) };
  }
  const root: unknown = document.toJS();
  if (root === null || root === undefined) return { acknowledgments: [], errors: [] };
  if (!Array.isArray(root))
    return { acknowledgments: [], errors: [`${path}: expected a list of acknowledgments ({ stack, resource or control, reason })`] };
  const errors: string[] = [];
  const acknowledgments: Acknowledgment[] = [];
  root.forEach((entry: unknown, index) => {
    const found = entryErrors(entry, `${path}: [${index}]`);
    errors.push(...found);
    if (found.length > 0) return;
    const { stack, resource, control, reason } = entry as { stack: string; resource?: string; control?: ControlId; reason: string };
    acknowledgments.push({
      stack: stack.trim(),
      ...(resource === undefined || resource === null ? {} : { resource: resource.trim() }),
      ...(control === undefined || control === null ? {} : { control }),
      reason: reason.trim(),
    });
  });
  return { acknowledgments, errors };
}
