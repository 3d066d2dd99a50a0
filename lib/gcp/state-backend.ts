import { App, GcsBackend, LocalBackend, TerraformStack } from 'cdktf';
import { relative, resolve, sep } from 'path';

/**
 * Where a stack's Terraform state lives. With `gcp.stateBucket`, the GCS backend, one prefix per
 * stack. Without it, local state in the file cdktf would choose (`terraform.<stack>.tfstate` in the
 * directory the app runs in, which survives the next synthesis: cdktf.out is rewritten each time),
 * but named relative to the stack's directory (`<outdir>/stacks/<stack>`, where `terraform` runs).
 * cdktf's default writes the synthesizing machine's absolute path into cdk.tf.json, so the output
 * differed between two checkouts of the same commit and named a directory of the machine that built
 * it. With the outdir inside the checkout (the default `cdktf.out`) the path names no directory and
 * every checkout writes the same file; an outdir elsewhere gets a path that climbs back to the
 * checkout (and across Windows drives `path.relative` can only give an absolute one).
 */
export function addStateBackend(stack: TerraformStack, stateBucket: string | undefined): void {
  const name = stack.node.id;
  if (stateBucket !== undefined) {
    new GcsBackend(stack, { bucket: stateBucket, prefix: `rampart/${name}` });
    return;
  }
  new LocalBackend(stack, { path: localStatePath(App.of(stack).outdir, name) });
}

/** `terraform.<stack>.tfstate` in the working directory, as a path from the stack's directory (forward slashes). */
export function localStatePath(outdir: string, stackName: string, cwd: string = process.cwd()): string {
  const stackDirectory = resolve(cwd, outdir, 'stacks', stackName);
  return relative(stackDirectory, resolve(cwd, `terraform.${stackName}.tfstate`))
    .split(sep)
    .join('/');
}
