import type { ControlId } from '../../promises/control-ids';
import { JUST_IN_TIME, PERMISSION_SETS } from '../../promises/people-access';
import { absent, observe, pointer, type EvidenceKind } from '../evidence';
import type { CheckContext, ControlCheck, Evidence, JsonObject } from '../types';
import { isObject, referencedIds, renderString, resources } from './template';

/**
 * ACCESS-JIT, in the Identity Center stack: no write permission set is assigned standing, and the
 * just-in-time state machine creates an assignment, waits a bounded time, removes it, announcing
 * each step, with every state logged and traced.
 */

const kinds = {
  standing: {
    control: 'ACCESS-JIT',
    kind: 'no-standing-write-assignment',
    subject: 'write permission sets without a standing account assignment',
    expected: 'no AWS::SSO::Assignment of a write permission set (Operator, PlatformAdministrator) in the template',
  },
  machine: {
    control: 'ACCESS-JIT',
    kind: 'jit-state-machine',
    subject: 'state machines granting write access for a bounded time',
    expected: `ssoadmin createAccountAssignment, then a Wait of $.durationSeconds (checked at most ${JUST_IN_TIME.maxSeconds} s), then deleteAccountAssignment; logging level ALL and tracing on`,
  },
} satisfies Record<string, EvidenceKind>;

const WRITE_SETS: readonly string[] = Object.values(PERMISSION_SETS)
  .filter((s) => s.writes)
  .map((s) => s.name);

interface Definition {
  readonly StartAt?: string;
  readonly States?: Record<string, JsonObject>;
}

/** The states in order from `start`, following Next (Choice states: every branch is walked by the caller). */
function chainFrom(states: Record<string, JsonObject>, start: string): string[] {
  const seen: string[] = [];
  let at: string | undefined = start;
  while (at !== undefined && !seen.includes(at) && states[at] !== undefined) {
    seen.push(at);
    const next: unknown = states[at].Next;
    at = typeof next === 'string' ? next : undefined;
  }
  return seen;
}

function grantsForBoundedTime(definition: Definition): boolean {
  const states = definition.States ?? {};
  const resourceOf = (name: string) => String(states[name]?.Resource ?? '');
  const create = Object.keys(states).find((n) => resourceOf(n).endsWith('aws-sdk:ssoadmin:createAccountAssignment'));
  if (create === undefined) return false;
  const chain = chainFrom(states, create);
  const wait = chain.findIndex((n) => states[n].Type === 'Wait' && states[n].SecondsPath === '$.durationSeconds');
  const remove = chain.findIndex((n) => resourceOf(n).endsWith('aws-sdk:ssoadmin:deleteAccountAssignment'));
  const bounded = JSON.stringify(definition).includes(`"NumericLessThanEquals":${JUST_IN_TIME.maxSeconds}`);
  return wait > 0 && remove > wait && bounded;
}

const justInTime: ControlCheck = (context: CheckContext) => {
  const { stack } = context;
  const evidence: Evidence[] = [];
  const sets = resources(stack, 'AWS::SSO::PermissionSet');
  const writeSetIds = new Set(sets.filter((s) => WRITE_SETS.includes(String(s.props.Name))).map((s) => s.id));
  const assignments = resources(stack, 'AWS::SSO::Assignment');
  for (const set of sets.filter((s) => writeSetIds.has(s.id))) {
    const standing = assignments.filter((a) => referencedIds(a.props.PermissionSetArn).has(set.id));
    const at = standing[0];
    evidence.push(
      observe(
        context,
        kinds.standing,
        at === undefined
          ? { resource: set.id, pointer: pointer('Resources', set.id) }
          : { resource: at.id, pointer: pointer('Resources', at.id, 'Properties') },
        `${String(set.props.Name)}: ${standing.length} standing assignment(s)`,
        standing.length === 0,
        'contradicted',
      ),
    );
  }
  const machines = resources(stack, 'AWS::StepFunctions::StateMachine');
  if (machines.length === 0) return [...evidence, absent(context, kinds.machine)];
  for (const m of machines) {
    let definition: Definition = {};
    try {
      definition = JSON.parse(renderString(stack, m.props.DefinitionString)) as Definition;
    } catch {
      definition = {};
    }
    const logging = isObject(m.props.LoggingConfiguration) ? m.props.LoggingConfiguration : {};
    const tracing = isObject(m.props.TracingConfiguration) ? m.props.TracingConfiguration : {};
    const ok = grantsForBoundedTime(definition) && logging.Level === 'ALL' && tracing.Enabled === true;
    const value = { states: Object.keys(definition.States ?? {}).length, logging: logging.Level ?? null, tracing: tracing.Enabled ?? null };
    evidence.push(observe(context, kinds.machine, { resource: m.id, pointer: pointer('Resources', m.id, 'Properties') }, value, ok, 'contradicted'));
  }
  return evidence;
};

export const JUST_IN_TIME_CHECKS: Partial<Record<ControlId, readonly ControlCheck[]>> = {
  'ACCESS-JIT': [justInTime],
};
