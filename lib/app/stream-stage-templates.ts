import { CfnResource, type IPolicyValidationContext, type ISynthesisSession, Stack, Stage, Token } from 'aws-cdk-lib';
import { join } from 'path';
import type { RecordingCloudFormationValidate } from '../nag/recording-plugins';

/** Templates handed to CloudFormation Validate's workers at a time while a stage is synthesized. */
export const STREAMED_CHUNK = 25;

/**
 * Runs `synth`, a stage's first synthesis, handing its stacks' templates to CloudFormation
 * Validate's workers as they are written, `STREAMED_CHUNK` at a time, rather than all at its end.
 *
 * Why: at 1,000 tenants the first stage takes about 8 s to synthesize, and the worker that could
 * validate its first templates meanwhile sat idle on the other core; the validation left after the
 * cdk-nag packs is what the whole job waits for at its end.
 *
 * A stack's template is final once its synthesizer has written it: nothing rewrites it, and a worker
 * compares the template's digest with the one the app's synthesis reads (a changed one fails the run).
 * Each chunk carries the resource types of the whole stage, so that the worker starts its engine once
 * for the stage (a worker still reads each template's own types). The chunks describe the templates
 * as aws-cdk-lib's validation will (construct path, file, account and region): a mismatch would be
 * validated twice and fail the run (CloudFormationValidateWorkers.collect).
 */
export function streamingStageTemplates<T>(stage: Stage, validate: RecordingCloudFormationValidate, synth: () => T): T {
  const constructs = stage.node.findAll();
  const stacks = constructs.filter((c): c is Stack => Stack.isStack(c) && !c.nested && Stage.of(c) === stage);
  const expectedTypes = new Set(constructs.filter(CfnResource.isCfnResource).map((r) => r.cfnResourceType));
  let pending: TemplateOfStack[] = [];
  const flush = () => {
    if (pending.length > 0) validate.submitEarly(pending, expectedTypes);
    pending = [];
  };
  const restore = stacks.map((stack) =>
    afterEachSynthesis(stack, (session) => {
      pending.push(templateOf(stack, session));
      if (pending.length >= STREAMED_CHUNK) flush();
    }),
  );
  try {
    const result = synth();
    flush();
    return result;
  } finally {
    for (const undo of restore) undo();
  }
}

/** A template as aws-cdk-lib describes it to a validation plugin (core/lib/private/synthesis-validation). */
type TemplateOfStack = IPolicyValidationContext['stackTemplates'][number];

function templateOf(stack: Stack, session: ISynthesisSession): TemplateOfStack {
  return {
    // The artifact's hierarchical id: the synthesizer writes the stack's path as its display name.
    stackConstructPath: stack.node.path,
    templatePath: join(session.outdir, stack.templateFile),
    accountId: Token.isUnresolved(stack.account) ? undefined : stack.account,
    region: Token.isUnresolved(stack.region) ? undefined : stack.region,
  };
}

/**
 * Calls `then` each time `stack`'s synthesizer has synthesized it (its template written); returns how
 * to undo that. The synthesizer is the stack's own (one per stack); only this instance is changed.
 */
function afterEachSynthesis(stack: Stack, then: (session: ISynthesisSession) => void): () => void {
  const synthesizer = stack.synthesizer;
  const own = Object.getOwnPropertyDescriptor(synthesizer, 'synthesize');
  const original = synthesizer.synthesize;
  synthesizer.synthesize = function (this: typeof synthesizer, session: ISynthesisSession) {
    original.call(this, session);
    then(session);
  };
  return () => {
    if (own !== undefined) Object.defineProperty(synthesizer, 'synthesize', own);
    else delete (synthesizer as { synthesize?: unknown }).synthesize;
  };
}
