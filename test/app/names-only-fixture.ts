import { mkdirSync, mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

/**
 * A cloud assembly as `cdk ls` leaves it (lib/app/names-only-listing.ts): manifests naming a stack at
 * the top and one in a stage's folder, neither template there. For the commands that read an assembly.
 */
export function namesOnlyAssembly(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-names-only-fixture-'));
  const stack = (templateFile: string) => ({
    type: 'aws:cloudformation:stack',
    environment: 'aws://111111111111/us-east-1',
    properties: { templateFile },
  });
  const stage = { type: 'cdk:cloud-assembly', properties: { directoryName: 'assembly-prod-us-east-1', displayName: 'prod-us-east-1' } };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ version: '53.0.0', artifacts: { pipeline: stack('pipeline.template.json'), stage } }));
  mkdirSync(join(dir, 'assembly-prod-us-east-1'));
  writeFileSync(
    join(dir, 'assembly-prod-us-east-1', 'manifest.json'),
    JSON.stringify({ version: '53.0.0', artifacts: { tenant: stack('produseast1tenantacme.template.json') } }),
  );
  return dir;
}
