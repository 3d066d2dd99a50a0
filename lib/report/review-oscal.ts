import { controlEntry } from '../promises/catalog';
import type { ControlResult, Evidence, Verdict, Verification } from '../verify/types';
import { controlToken, one, OSCAL_VERSION, oscalUuid, prop, riskUuid, some, type Obj } from './oscal-ids';
import { LazyJsonArray, writeJsonFile } from './json-file';
import { limitsRisk, risk, standingRisk } from './oscal-risks';
import type { Provenance } from './provenance';
import { evaluatedControls, evidenceCloud, foundText } from './review-sarif';

export { controlToken, OSCAL_VERSION, RAMPART_NS, uuidV5 } from './oscal-ids';

/**
 * The verifier's result as an OSCAL 1.1.3 assessment-results document, for GRC tools that import OSCAL
 * (FedRAMP-style pipelines, compliance-trestle). test/report/review-oscal.test.ts validates it against the
 * published NIST schema (test/fixtures/schemas/); only what the schema cannot check is explained here.
 */

/** The UUIDs of stacks and resources, which every observation of them repeats, computed once per name for one document. */
class PlaceUuids {
  private readonly uuids = new Map<string, string>();

  public stack(stack: string): string {
    return this.place(`stack\n${stack}`);
  }

  public resource(stack: string, resource: string): string {
    return this.place(`resource\n${stack}\n${resource}`);
  }

  private place(name: string): string {
    let uuid = this.uuids.get(name);
    if (uuid === undefined) {
      uuid = oscalUuid(name);
      this.uuids.set(name, uuid);
    }
    return uuid;
  }
}

function stackComponent(places: PlaceUuids, stack: string, file: string): Obj {
  const cloud = evidenceCloud(file);
  const what = cloud === 'aws' ? 'AWS CloudFormation stack' : 'Google Cloud stack (CDK for Terraform)';
  return {
    uuid: places.stack(stack),
    type: 'service',
    title: stack,
    description: `${what} ${stack}, read from its synthesized template ${file}.`,
    props: [prop('cloud', cloud)],
    // The verifier reads synthesized templates, before or without a deployment: it cannot say what runs.
    status: { state: 'other', remarks: 'Synthesized template under review; whether it is deployed is not known to the verifier.' },
  };
}

function inventoryItem(places: PlaceUuids, evidence: Evidence & { resource: string }): Obj {
  return {
    uuid: places.resource(evidence.stack, evidence.resource),
    description: `${evidence.resource} in stack ${evidence.stack} (${evidence.file}).`,
    props: [{ name: 'asset-id', value: one(`${evidence.stack}/${evidence.resource}`) }],
    'implemented-components': [{ 'component-uuid': places.stack(evidence.stack) }],
  };
}

/** One observation per evidence item: the finest grain an auditor can check against the template. */
function observation(places: PlaceUuids, result: ControlResult, evidence: Evidence, uuid: string, collected: string): Obj {
  const at = evidence.resource === undefined ? `stack ${evidence.stack}` : `${evidence.resource} in stack ${evidence.stack}`;
  const where = evidence.pointer === '' ? 'the whole template' : `JSON pointer ${evidence.pointer}`;
  const dir = evidenceCloud(evidence.file) === 'aws' ? 'the AWS cloud assembly (cdk.out)' : 'the CDK for Terraform output (cdktf.out)';
  return {
    uuid,
    title: one(`${result.control} ${evidence.kind}: ${evidence.outcome} at ${at}`),
    description: one(`Expected ${evidence.expected}; found ${foundText(evidence)}.`),
    props: [
      prop('control-id', result.control),
      prop('outcome', evidence.outcome),
      prop('evidence-kind', evidence.kind),
      ...(evidence.exception === undefined ? [] : [prop('exception-id', evidence.exception)]),
    ],
    methods: ['EXAMINE'],
    types: [evidence.outcome === 'holds' ? 'control-objective' : 'finding'],
    subjects: [
      evidence.resource === undefined
        ? { 'subject-uuid': places.stack(evidence.stack), type: 'component', title: evidence.stack }
        : {
            'subject-uuid': places.resource(evidence.stack, evidence.resource),
            type: 'inventory-item',
            title: `${evidence.stack}/${evidence.resource}`,
          },
    ],
    'relevant-evidence': [
      {
        description: one(`${evidence.file} in ${dir}, at ${where}.`),
        props: [prop('template-file', evidence.file), ...(evidence.pointer === '' ? [] : [prop('json-pointer', evidence.pointer)])],
      },
    ],
    collected,
  };
}

/**
 * `partial` is reported not-satisfied: the promise does not hold as written everywhere (an accepted exception
 * or a known gap), which an assessor records as a finding with its accepted risk, not as satisfied.
 */
function objectiveStatus(verdict: Verdict): Obj {
  if (verdict === 'holds') return { state: 'satisfied', reason: 'pass' };
  if (verdict === 'partial') {
    return { state: 'not-satisfied', reason: 'other', remarks: 'Holds only with the accepted exceptions and known limits in its related risks.' };
  }
  return { state: 'not-satisfied', reason: 'fail' };
}

function finding(result: ControlResult, observations: readonly string[], risks: readonly string[]): Obj {
  const held = result.evidence.filter((e) => e.outcome === 'holds').length;
  const counts = result.counts.map((c) => `${c.holding} of ${c.total} ${c.subject}`).join('; ') || 'No evidence counts';
  return {
    uuid: oscalUuid(`finding\n${result.control}`),
    title: `${result.control}: ${result.title}`,
    description: one(
      `Verdict ${result.verdict}: ${held} of ${result.evidence.length} observations hold in ${result.stacks.length} stacks. ${counts}.`,
    ),
    props: [prop('control-id', result.control), prop('verdict', result.verdict), prop('catalog-status', result.status)],
    target: { type: 'objective-id', 'target-id': controlToken(result.control), status: objectiveStatus(result.verdict) },
    ...some(
      'related-observations',
      observations.map((uuid) => ({ 'observation-uuid': uuid })),
    ),
    ...some(
      'related-risks',
      risks.map((uuid) => ({ 'risk-uuid': uuid })),
    ),
  };
}

function metadata(provenance: Provenance): Obj {
  const tools = Object.entries(provenance.tools)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, version]) => prop('tool-version', `${name}@${version}`));
  return {
    title: 'Rampart evidence verification: assessment results',
    'last-modified': provenance.generatedAt,
    // The build under review names the revision; a review outside git falls back to its own time.
    version: provenance.commit ?? provenance.generatedAt,
    'oscal-version': OSCAL_VERSION,
    props: [
      prop('generator', provenance.generator),
      ...(provenance.configFile === undefined ? [] : [prop('config-file', provenance.configFile)]),
      ...(provenance.configSha256 === undefined ? [] : [prop('config-sha256', provenance.configSha256)]),
      ...(provenance.commit === undefined ? [] : [prop('commit', provenance.commit)]),
      ...(provenance.selection === undefined
        ? []
        : [
            prop(
              'stack-selection',
              `${provenance.selection.patterns.join(' ')} (${provenance.selection.built} of ${provenance.selection.of} AWS stacks)`,
            ),
          ]),
      ...(provenance.assembly.awsDir === undefined ? [] : [prop('aws-assembly-dir', provenance.assembly.awsDir)]),
      ...(provenance.assembly.gcpDir === undefined ? [] : [prop('gcp-output-dir', provenance.assembly.gcpDir)]),
      ...tools,
    ],
  };
}

/** The OSCAL assessment-results document of one verification (one `results` entry for the one review run): what writeOscalFile writes, as data. */
export function oscalAssessmentResults(verification: Verification, provenance: Provenance): object {
  return JSON.parse(JSON.stringify(assessmentResults(verification, provenance))) as object;
}

/**
 * Writes the document to `path` as oscalAssessmentResults would give it, each observation made only as
 * it is written (LazyJsonArray): at a thousand tenants they are over 100,000, the bulk of 300 MB.
 */
export function writeOscalFile(path: string, verification: Verification, provenance: Provenance): void {
  writeJsonFile(path, assessmentResults(verification, provenance));
}

function assessmentResults(verification: Verification, provenance: Provenance): object {
  const run = `${provenance.generatedAt}\n${provenance.commit ?? ''}\n${provenance.configSha256 ?? ''}`;
  const evaluated = evaluatedControls(verification);
  const places = new PlaceUuids();
  const components = new Map<string, Obj>();
  const items = new Map<string, Obj>();
  const used = new Set<string>();
  // What each observation is made from, in order; the observations themselves are made as they are written.
  const observed: { readonly result: ControlResult; readonly evidence: Evidence; readonly uuid: string }[] = [];
  const risks: Obj[] = [];
  const findings: Obj[] = [];
  for (const result of evaluated) {
    const observationUuids: string[] = [];
    const excepted = new Map<string, string[]>();
    for (const evidence of result.evidence) {
      if (!components.has(evidence.stack)) components.set(evidence.stack, stackComponent(places, evidence.stack, evidence.file));
      if (evidence.resource !== undefined && !items.has(`${evidence.stack}\n${evidence.resource}`)) {
        items.set(`${evidence.stack}\n${evidence.resource}`, inventoryItem(places, { ...evidence, resource: evidence.resource }));
      }
      // Two observations of one place and kind would share a UUID; a counter keeps each unique and still stable.
      const key = [result.control, evidence.kind, evidence.stack, evidence.file, evidence.resource ?? '', evidence.pointer].join('\n');
      let uuid = oscalUuid(`observation\n${key}`);
      for (let n = 2; used.has(uuid); n++) uuid = oscalUuid(`observation\n${key}\n${n}`);
      used.add(uuid);
      observationUuids.push(uuid);
      observed.push({ result, evidence, uuid });
      if (evidence.outcome === 'excepted') {
        const id = evidence.exception ?? 'UNRECORDED-EXCEPTION';
        const uuids = excepted.get(id);
        if (uuids === undefined) excepted.set(id, [uuid]);
        else uuids.push(uuid);
      }
    }
    const riskIds = [...excepted].map(([id, uuids]) => {
      risks.push(risk(result, id, uuids));
      return riskUuid(result.control, id);
    });
    for (const exception of result.exceptions.filter((e) => e.basis === 'standing')) {
      risks.push(standingRisk(result, exception, observationUuids));
      riskIds.push(riskUuid(result.control, exception.id));
    }
    if (result.verdict === 'partial' && controlEntry(result.control).limits.length > 0) {
      risks.push(limitsRisk(result, observationUuids));
      riskIds.push(riskUuid(result.control, 'catalog-limits'));
    }
    findings.push(finding(result, observationUuids, riskIds));
  }
  const observations = new LazyJsonArray(observed.length, (i) => {
    const { result, evidence, uuid } = observed[i];
    return observation(places, result, evidence, uuid, provenance.generatedAt);
  });
  const planUuid = oscalUuid('assessment-plan\ndocs/controls.md');
  const unknown = verification.unknownStacks;
  return {
    'assessment-results': {
      uuid: oscalUuid(`assessment-results\n${run}`),
      metadata: metadata(provenance),
      // Rampart has no OSCAL assessment plan; the plan is docs/controls.md (what each control checks), linked from back-matter.
      'import-ap': { href: `#${planUuid}`, remarks: 'The assessment plan is the promise catalog, published as docs/controls.md.' },
      results: [
        {
          uuid: oscalUuid(`result\n${run}`),
          title: 'Rampart evidence verification of the synthesized templates',
          description: one(
            `Every evaluated control judged from the synthesized templates only (cloud assembly manifests, CloudFormation templates, cdk.tf.json). ` +
              `Verification ${verification.ok ? 'passed' : 'failed'}.`,
          ),
          start: provenance.generatedAt,
          end: provenance.generatedAt,
          props: [prop('verification-ok', String(verification.ok)), ...unknown.map((stack) => prop('unknown-stack', stack))],
          ...(components.size + items.size > 0
            ? { 'local-definitions': { ...some('components', [...components.values()]), ...some('inventory-items', [...items.values()]) } }
            : {}),
          'reviewed-controls': {
            'control-selections': evaluated.length
              ? evaluated.map((r) => ({ props: [prop('control-id', r.control)], 'include-controls': [{ 'control-id': controlToken(r.control) }] }))
              : [{ description: 'No control was in scope of the reviewed stacks.' }],
          },
          ...(observations.length > 0 ? { observations } : {}),
          ...some('risks', risks),
          ...some('findings', findings),
          ...(unknown.length ? { remarks: `Stacks without Rampart metadata, not judged (each fails the review): ${unknown.join(', ')}.` } : {}),
        },
      ],
      'back-matter': {
        resources: [
          {
            uuid: planUuid,
            title: 'Rampart controls: the promise catalog',
            description: 'What each control promises, the policy sentences it keeps, how it is checked, its limits and exceptions.',
            rlinks: [{ href: 'docs/controls.md', 'media-type': 'text/markdown' }],
          },
        ],
      },
    },
  };
}
