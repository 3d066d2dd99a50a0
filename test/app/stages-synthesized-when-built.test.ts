import { mkdtempSync, readdirSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { addPipelineStacks } from '../../lib/app/add-pipeline-stacks';
import { buildApp } from '../../lib/app/build-app';
import { loadConfig } from '../../lib/config/loader';

/** Every file of the stages' assemblies (`assembly-<stage>/`), by path, as text. */
function stageAssemblies(outdir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const dir of readdirSync(outdir).filter((d) => d.startsWith('assembly-')))
    for (const file of readdirSync(join(outdir, dir)).filter((f) => f.endsWith('.json')))
      files.set(`${dir}/${file}`, readFileSync(join(outdir, dir, file), 'utf8'));
  return files;
}

/** Stack traces (an entry's `trace`, `aws:cdk:creationStack` entries) name the lines that built it, which differ between the two ways. */
const withoutTraces = (text: string) =>
  JSON.stringify(
    JSON.parse(text, (key, value: unknown) => {
      if (key === 'trace') return undefined;
      return Array.isArray(value) ? value.filter((entry) => (entry as { type?: string } | null)?.type !== 'aws:cdk:creationStack') : value;
    }),
  );

describe('GIVEN the default config WHEN built with synthesizeStagesWhenBuilt (the main job and the CLI entry)', () => {
  const config = loadConfig();
  const early = mkdtempSync(join(tmpdir(), 'rampart-stages-early-'));
  // CloudFormation Validate registered (the default): each stage a pipeline deploys is synthesized as built.
  buildApp(config, { outdir: early, synthesizeStagesWhenBuilt: true });
  const written = stageAssemblies(early);
  const late = mkdtempSync(join(tmpdir(), 'rampart-stages-late-'));
  addPipelineStacks(buildApp(config, { outdir: late, nagPacks: false, builtinCloudFormationValidation: false }), config);
  const byPipelines = stageAssemblies(late);

  test('THEN every stage is written before any pipeline is added', () => {
    expect([...written.keys()].filter((f) => f.endsWith('/manifest.json')).sort()).toEqual(
      [...byPipelines.keys()].filter((f) => f.endsWith('/manifest.json')).sort(),
    );
    expect(written.size).toBeGreaterThan(10);
  });

  test("THEN the stages' assemblies are the ones the pipelines write when they synthesize the stages, file for file", () => {
    expect([...written.keys()].sort()).toEqual([...byPipelines.keys()].sort());
    const differing = [...written].filter(([file, text]) => {
      const other = byPipelines.get(file)!;
      return file.endsWith('.metadata.json') ? withoutTraces(text) !== withoutTraces(other) : text !== other;
    });
    expect(differing.map(([file]) => file)).toEqual([]);
  });
});
