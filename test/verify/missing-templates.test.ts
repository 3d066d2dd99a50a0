import { rmSync, writeFileSync } from 'fs';
import { join } from 'path';
import { missingTemplates, missingTemplatesMessage, readAssembly } from '../../lib/verify/read-assembly';
import { namesOnlyAssembly } from '../app/names-only-fixture';

describe('missingTemplates (lib/verify/read-assembly.ts)', () => {
  test('GIVEN an assembly as `cdk ls` leaves it THEN every template its manifests name is missing, and readAssembly refuses it saying so', () => {
    const dir = namesOnlyAssembly();
    try {
      expect(missingTemplates(dir)).toEqual(['pipeline.template.json', 'assembly-prod-us-east-1/produseast1tenantacme.template.json']);
      expect(() => readAssembly({ awsDir: dir })).toThrow(missingTemplatesMessage(dir, missingTemplates(dir)));
      writeFileSync(join(dir, 'pipeline.template.json'), '{}');
      writeFileSync(join(dir, 'assembly-prod-us-east-1', 'produseast1tenantacme.template.json'), '{}');
      expect(missingTemplates(dir)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('GIVEN a copy that lost a stage’s folder THEN its manifest is reported missing, not thrown as ENOENT', () => {
    const dir = namesOnlyAssembly();
    try {
      rmSync(join(dir, 'assembly-prod-us-east-1'), { recursive: true });
      expect(missingTemplates(dir)).toEqual(['assembly-prod-us-east-1/manifest.json', 'pipeline.template.json']);
      expect(missingTemplatesMessage(dir, ['a', 'b', 'c', 'd'])).toBe(
        `${dir}: the manifests name files that are not there (a, b, c, ... (4 in all)): a folder \`cdk ls\` wrote (it keeps only the stacks' names) or an incomplete copy; use what \`npm run synth\` or \`cdk synth\` writes`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
