import type { CheckContext } from '../types';
import { projectOf, resources, type TfResource } from './terraform';

/**
 * Resources of `type` that apply to the checked stack's whole project, wherever in the assembly they
 * are declared, each with the context of the stack that declares it (the evidence points there).
 *
 * Why: a project-wide setting (audit configs, an enabled API) belongs to the one stack that owns the
 * project; a stack sharing the project (the EU recordings stack in the US project) must not declare
 * it again (two Terraform states would manage one resource), yet is covered by it.
 */
export function projectWide(context: CheckContext, type: string): { context: CheckContext; resource: TfResource }[] {
  const project = context.stack.account;
  return context.assembly.stacks
    .filter((s) => s.cloud === 'gcp')
    .flatMap((stack) => {
      const own = stack.id === context.stack.id ? context : { ...context, stack };
      return resources(stack, type)
        .filter((resource) => projectOf(stack, resource) === project)
        .map((resource) => ({ context: own, resource }));
    });
}
