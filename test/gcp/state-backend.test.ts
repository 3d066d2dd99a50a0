import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { loadConfig } from '../../lib/config/loader';
import { synthGcp, type GcpSynthResult } from '../../lib/gcp';
import { localStatePath } from '../../lib/gcp/state-backend';
import { DEFAULT_CONFIG, EU, US } from './helpers';

describe('Terraform state of the Google Cloud stacks (lib/gcp/state-backend.ts)', () => {
  test('GIVEN an outdir WHEN the local state is named THEN it is the working directory file, from the stack directory', () => {
    expect(localStatePath('cdktf.out', US, '/repo')).toBe(`../../../terraform.${US}.tfstate`);
    expect(localStatePath('/elsewhere/out', US, '/repo')).toBe(`../../../../repo/terraform.${US}.tfstate`);
  });

  // Synthesized as a user does, from a checkout into its cdktf.out (here a temporary directory as the checkout).
  describe('GIVEN the default config, which sets no state bucket, WHEN synthesized from a checkout into cdktf.out', () => {
    const config = loadConfig(DEFAULT_CONFIG);
    const before = process.cwd();
    let checkout: string;
    let result: GcpSynthResult;
    beforeAll(() => {
      checkout = mkdtempSync(join(tmpdir(), 'rampart-checkout-'));
      process.chdir(checkout);
      result = synthGcp(config, config.policy, 'cdktf.out');
    });
    afterAll(() => {
      process.chdir(before);
      rmSync(checkout, { recursive: true, force: true });
    });

    test.each([US, EU])('THEN %s keeps local state in the file cdktf would use, named without the checkout path', (stack) => {
      expect(result.stacks.map((s) => s.name)).toContain(stack);
      const written = readFileSync(join(checkout, 'cdktf.out', 'stacks', stack, 'cdk.tf.json'), 'utf8');
      const { backend } = (JSON.parse(written) as { terraform: { backend: Record<string, { path: string }> } }).terraform;
      expect(backend).toEqual({ local: { path: `../../../terraform.${stack}.tfstate` } });
      // Where `terraform` runs (cdktf.out/stacks/<stack>), that is the file cdktf's default names.
      expect(resolve(checkout, 'cdktf.out', 'stacks', stack, backend.local.path)).toBe(join(checkout, `terraform.${stack}.tfstate`));
      // No directory of the synthesizing machine anywhere in the stack: two checkouts give the same file.
      expect(written).not.toContain(checkout);
    });
  });
});
