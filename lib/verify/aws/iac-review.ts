import { WAVES_WITHOUT_APPROVAL_EXCEPTION } from '../../promises/catalog/people-images-change';
import type { ControlId } from '../../promises/control-ids';
import { absent, observe, pointer, type EvidenceKind } from '../evidence';
import type { CheckContext, ControlCheck, Evidence, Json, JsonObject } from '../types';
import { placedResources } from './assembly-index';
import { asArray, isObject, referencedLogicalId, resources, type Resource } from './template';

/**
 * IAC-REVIEW in a deployment pipeline's template: every CodePipeline stage that deploys CloudFormation
 * stacks first runs the security diff of the new build against the last deployed one (a CodeBuild
 * action whose buildspec runs `npm run review` with `--base`), then waits for a person's approval,
 * and only then deploys the stacks (through change sets, or directly in a tenant pipeline: any
 * CloudFormation action counts). Tenant offboarding likewise: every action that
 * signs off an offboarding runbook (a CodeBuild action running bin/offboarding-step.sh with
 * RAMPART_STEP=sign-off) follows a person's approval in its stage. Judged from the rendered template:
 * the stage's actions, their run order, their environment and the referenced project's buildspec.
 */

const DIFF: EvidenceKind = {
  control: 'IAC-REVIEW',
  kind: 'wave-security-diff',
  subject: 'deploying pipeline stages that run the security diff first',
  expected: 'a CodeBuild action running `npm run review` with `--base` (the last deployed assembly) before any CloudFormation action of the stage',
};

const APPROVAL: EvidenceKind = {
  control: 'IAC-REVIEW',
  kind: 'wave-approval',
  subject: 'deploying pipeline stages a person approves after the diff',
  expected: 'a Manual approval action after the security diff and before any CloudFormation action of the stage',
  exception: WAVES_WITHOUT_APPROVAL_EXCEPTION,
};

const OFFBOARDING: EvidenceKind = {
  control: 'IAC-REVIEW',
  kind: 'offboarding-approval',
  subject: 'offboarding sign-off actions a person approves first',
  expected: 'a Manual approval action earlier in the same stage than the CodeBuild action that signs off the offboarding runbook',
};

const PIPELINE: EvidenceKind = {
  control: 'IAC-REVIEW',
  kind: 'pipeline-present',
  subject: 'pipeline stacks with a CodePipeline',
  expected: 'an AWS::CodePipeline::Pipeline',
};

interface Action {
  readonly index: number;
  readonly body: JsonObject;
  readonly category: string;
  readonly provider: string;
  readonly runOrder: number;
}

function actionsOf(stage: JsonObject): Action[] {
  return asArray(stage.Actions).flatMap((raw, index): Action[] => {
    if (!isObject(raw)) return [];
    const type = isObject(raw.ActionTypeId) ? raw.ActionTypeId : {};
    return [
      {
        index,
        body: raw,
        category: typeof type.Category === 'string' ? type.Category : '',
        provider: typeof type.Provider === 'string' ? type.Provider : '',
        runOrder: typeof raw.RunOrder === 'number' ? raw.RunOrder : 1,
      },
    ];
  });
}

/** The buildspec of the CodeBuild project an action runs, as text (empty when it cannot be read). */
function buildSpecOf(context: CheckContext, action: Action): string {
  const configuration = isObject(action.body.Configuration) ? action.body.Configuration : {};
  const id = referencedLogicalId(configuration.ProjectName as Json);
  const project = resources(context.stack, 'AWS::CodeBuild::Project').find((p) => p.id === id);
  const spec = project !== undefined && isObject(project.props.Source) ? project.props.Source.BuildSpec : undefined;
  return typeof spec === 'string' ? spec : '';
}

const runsSecurityDiff = (spec: string): boolean => /npm run review\b[^\n"]*--base\b/.test(spec);

/** An action's CodeBuild environment variables (a JSON list; a Fn::Join when a value names a resource). */
function environmentOf(action: Action): Record<string, string> {
  const configuration = isObject(action.body.Configuration) ? action.body.Configuration : {};
  const raw = configuration.EnvironmentVariables;
  const join = isObject(raw) && Array.isArray(raw['Fn::Join']) ? raw['Fn::Join'] : undefined;
  const text =
    typeof raw === 'string'
      ? raw
      : join !== undefined
        ? asArray(join[1])
            .map((part) => (typeof part === 'string' ? part : '<ref>'))
            .join('')
        : '[]';
  try {
    const list = JSON.parse(text) as unknown;
    return Object.fromEntries(
      asArray(list as Json).flatMap((v) => (isObject(v) && typeof v.name === 'string' && typeof v.value === 'string' ? [[v.name, v.value]] : [])),
    );
  } catch {
    return {};
  }
}

const signsOffOffboarding = (context: CheckContext, action: Action): boolean =>
  action.provider === 'CodeBuild' &&
  environmentOf(action).RAMPART_STEP === 'sign-off' &&
  /bin\/offboarding-step\.sh/.test(buildSpecOf(context, action));

function offboardingEvidence(context: CheckContext, pipeline: Resource, stage: JsonObject, index: number): Evidence[] {
  const actions = actionsOf(stage);
  const name = typeof stage.Name === 'string' ? stage.Name : `stage ${index}`;
  return actions
    .filter((a) => signsOffOffboarding(context, a))
    .map((signOff) => {
      const approval = actions.find((a) => a.category === 'Approval' && a.provider === 'Manual' && a.runOrder < signOff.runOrder);
      const at = approval ?? signOff;
      return observe(
        context,
        OFFBOARDING,
        { resource: pipeline.id, pointer: pointer('Resources', pipeline.id, 'Properties', 'Stages', index, 'Actions', at.index) },
        approval === undefined ? undefined : `${name}: ${String(approval.body.Name)} before ${String(signOff.body.Name)}`,
        approval !== undefined,
      );
    });
}

function stageEvidence(context: CheckContext, pipeline: Resource, stage: JsonObject, index: number): Evidence[] {
  const actions = actionsOf(stage);
  const deploys = actions.filter((a) => a.category === 'Deploy' && a.provider === 'CloudFormation');
  if (deploys.length === 0) return [];
  const firstDeploy = Math.min(...deploys.map((a) => a.runOrder));
  const at = (a?: Action) => ({
    resource: pipeline.id,
    pointer: pointer('Resources', pipeline.id, 'Properties', 'Stages', index, ...(a === undefined ? [] : ['Actions', a.index])),
  });
  const diff = actions.find((a) => a.provider === 'CodeBuild' && a.runOrder < firstDeploy && runsSecurityDiff(buildSpecOf(context, a)));
  const approval = actions.find(
    (a) => a.category === 'Approval' && a.provider === 'Manual' && a.runOrder < firstDeploy && (diff === undefined || a.runOrder > diff.runOrder),
  );
  const name = typeof stage.Name === 'string' ? stage.Name : `stage ${index}`;
  return [
    observe(context, DIFF, at(diff), diff === undefined ? undefined : `${name}: ${String(diff.body.Name)}`, diff !== undefined),
    observe(context, APPROVAL, at(approval), approval === undefined ? undefined : `${name}: ${String(approval.body.Name)}`, approval !== undefined),
  ];
}

const iacReview: ControlCheck = (context) => {
  const pipelines = resources(context.stack, 'AWS::CodePipeline::Pipeline');
  if (pipelines.length === 0) {
    // CodePipeline's cross-region support stacks (artifact buckets and keys) hold no pipeline of their
    // own: they serve one in another stack of the same account. A pipeline stack alone without one fails.
    const served = placedResources(context.assembly, 'AWS::CodePipeline::Pipeline', { account: context.stack.account }).some(
      ({ stack: other }) => other.id !== context.stack.id && other.metadata?.kind === context.metadata.kind,
    );
    return served ? [] : [absent(context, PIPELINE)];
  }
  return pipelines.flatMap((pipeline) =>
    asArray(pipeline.props.Stages).flatMap((stage, index) =>
      isObject(stage) ? [...stageEvidence(context, pipeline, stage, index), ...offboardingEvidence(context, pipeline, stage, index)] : [],
    ),
  );
};

export const IAC_REVIEW_CHECKS: Partial<Record<ControlId, readonly ControlCheck[]>> = {
  'IAC-REVIEW': [iacReview],
};
