import { readFileSync } from 'fs';
import { join } from 'path';
import { CfnResource, Stack, Stage } from 'aws-cdk-lib';

/**
 * Resolved CloudFormation properties of a resource, as they appear in the template.
 * Rules read these rather than L1 attributes so that property overrides are seen too.
 *
 * While the Rampart pack checks a resource (`whileChecking`) during a synthesis's validation
 * (`readingWrittenTemplates`: every template has just been written), they are read from the written
 * template itself, once for all the pack's rules: what deploys, with nothing re-rendered. Rendering
 * the resource again (`resolve`, its tokens one by one) was most of the pack's time at 1,000 tenants;
 * parsing its stack's template once is a fraction of it. Anywhere else (a rule called directly, the
 * pack's `validateScope` on a tree that may have changed since a template was written) the resource
 * is rendered. Read, never change.
 */
export function resolvedProperties(resource: CfnResource): Record<string, unknown> {
  if (checking?.resource !== resource) return resolve(resource);
  checking.properties ??= written(resource) ?? resolve(resource);
  return checking.properties;
}

/** The resource being checked and its properties once read; the tree does not change during a check. */
let checking: { readonly resource: CfnResource; properties?: Record<string, unknown> } | undefined;

type TemplateResources = Record<string, { Type?: string; Properties?: Record<string, unknown> } | undefined>;

/**
 * The last template read (the pack checks a stack's resources one after the other); forgotten when
 * the validation ends, so it never keeps a construct tree alive.
 */
let template: { readonly stack: Stack; readonly resources: TemplateResources } | undefined;
let reading = false;

/** Runs `validate` (the pack's run in a synthesis, after every template is written) reading properties from the templates. */
export function readingWrittenTemplates<T>(validate: () => T): T {
  reading = true;
  try {
    return validate();
  } finally {
    reading = false;
    template = undefined;
  }
}

/** Runs `check` (every rule of the pack on `resource`) with `resource`'s properties shared. */
export function whileChecking(resource: CfnResource, check: () => void): void {
  checking = { resource };
  try {
    check();
  } finally {
    checking = undefined;
  }
}

/** The resource's properties in its stack's written template; undefined when the template or the resource is not there. */
function written(resource: CfnResource): Record<string, unknown> | undefined {
  if (!reading) return undefined;
  const stack = Stack.of(resource);
  if (template?.stack !== stack) {
    template = undefined;
    const outdir = Stage.of(stack)?.outdir;
    if (outdir === undefined) return undefined;
    let text: string;
    try {
      text = readFileSync(join(outdir, stack.templateFile), 'utf8');
    } catch {
      return undefined;
    }
    template = { stack, resources: (JSON.parse(text) as { Resources?: TemplateResources }).Resources ?? {} };
  }
  const entry = template.resources[stack.resolve(resource.logicalId) as string];
  return entry?.Type === resource.cfnResourceType ? (entry.Properties ?? {}) : undefined;
}

function resolve(resource: CfnResource): Record<string, unknown> {
  const cfn = Stack.of(resource).resolve((resource as unknown as { _toCloudFormation(): unknown })._toCloudFormation()) as {
    Resources: Record<string, { Properties?: Record<string, unknown> }>;
  };
  const [only] = Object.values(cfn.Resources);
  return only?.Properties ?? {};
}
