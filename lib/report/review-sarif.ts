import { createHash } from 'crypto';
import { isAbsolute } from 'path';
import { pathToFileURL } from 'url';
import { controlEntry } from '../promises/catalog';
import type { ControlResult, Evidence, InForceException, Verification } from '../verify/types';
import type { Provenance } from './provenance';

/**
 * The verifier's result as SARIF 2.1.0, so code-scanning tools (GitHub, Azure DevOps, SARIF viewers)
 * show each broken promise at the template that breaks it. Only the subset of SARIF this writer emits is
 * typed here; test/report/review-sarif.test.ts validates the output against the published OASIS schema.
 */

export interface SarifMessage {
  readonly text: string;
}
export interface SarifArtifactLocation {
  readonly uri?: string;
  readonly uriBaseId?: string;
  readonly description?: SarifMessage;
}
export interface SarifLogicalLocation {
  readonly name: string;
  readonly fullyQualifiedName: string;
  readonly kind: string;
}
export interface SarifRule {
  readonly id: string;
  readonly name: string;
  readonly shortDescription: SarifMessage;
  readonly fullDescription: SarifMessage;
  readonly help: SarifMessage;
  readonly properties: Readonly<Record<string, unknown>>;
}
export interface SarifSuppression {
  readonly kind: 'inSource' | 'external';
  readonly status: 'accepted' | 'underReview' | 'rejected';
  readonly justification: string;
}
export interface SarifResult {
  readonly ruleId: string;
  readonly ruleIndex: number;
  readonly level: 'none' | 'note' | 'warning' | 'error';
  readonly message: SarifMessage;
  readonly locations: readonly {
    readonly physicalLocation?: { readonly artifactLocation: SarifArtifactLocation };
    readonly logicalLocations?: readonly SarifLogicalLocation[];
  }[];
  readonly partialFingerprints: Readonly<Record<string, string>>;
  readonly suppressions?: readonly SarifSuppression[];
  readonly properties: Readonly<Record<string, unknown>>;
}
export interface SarifLog {
  readonly $schema: string;
  readonly version: '2.1.0';
  readonly runs: readonly {
    readonly tool: { readonly driver: { readonly name: string; readonly version?: string; readonly rules: readonly SarifRule[] } };
    readonly originalUriBaseIds: Readonly<Record<string, SarifArtifactLocation>>;
    readonly invocations: readonly { readonly executionSuccessful: boolean; readonly endTimeUtc: string }[];
    readonly results: readonly SarifResult[];
    readonly properties: Readonly<Record<string, unknown>>;
  }[];
}

export const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
export const SARIF_TOOL_NAME = 'Rampart evidence verifier';
/** A rule for stacks the verifier could not judge: not a catalog control, but it fails the run, so it must show. */
export const UNKNOWN_STACK_RULE = 'UNKNOWN-STACK';

export type Cloud = 'aws' | 'gcp';

/** Evidence does not carry its cloud; the file layout does: CDKTF writes `stacks/<name>/cdk.tf.json`, the CDK everything else. */
export function evidenceCloud(file: string): Cloud {
  return file.startsWith('stacks/') && file.endsWith('cdk.tf.json') ? 'gcp' : 'aws';
}

/** Controls the verifier judged from templates; `not-verified` and `not-applicable` examined nothing. */
export function evaluatedControls(verification: Verification): readonly ControlResult[] {
  return verification.controls.filter((c) => c.verdict !== 'not-verified' && c.verdict !== 'not-applicable');
}

/** The catalog's reason for an exception (the verifier's copy as fallback), so a suppression says why in the auditor's words. */
export function exceptionReason(result: ControlResult, id: string | undefined): string {
  if (id === undefined) return 'Excepted, but the verifier recorded no exception id.';
  const entry = controlEntry(result.control).exceptions?.find((e) => e.id === id);
  return entry?.reason ?? result.exceptions.find((e) => e.id === id)?.reason ?? `Exception ${id} (no reason recorded in the catalog).`;
}

/** Evidence value in one line, as an auditor would read it next to the template. */
export function foundText(evidence: Evidence): string {
  return evidence.value === undefined ? 'nothing' : JSON.stringify(evidence.value);
}

const BASE_ID: Record<Cloud, string> = { aws: 'AWS_ASSEMBLY', gcp: 'GCP_OUTPUT' };
const PROJECT_ROOT = 'PROJECT_ROOT';

/** A relative path as a URI reference: each segment percent-encoded, `/` separators, so spaces or `#` cannot break it. */
function uriPath(path: string): string {
  return path.split(/[\\/]/).map(encodeURIComponent).join('/');
}

/**
 * Where a base id points. An absolute directory becomes a file URI; a relative one (as `npm run synth` records
 * it) stays relative to PROJECT_ROOT, whose own URI is left out (SARIF §3.14.14 allows it) so the log names no
 * machine-specific path and stays the same wherever the review is rerun.
 */
function baseLocation(dir: string | undefined, what: string): SarifArtifactLocation {
  const description = { text: `The ${what} the review read.` };
  if (dir === undefined) return { description: { text: `The ${what}; its directory was not recorded.` } };
  if (isAbsolute(dir)) return { uri: pathToFileURL(dir).href.replace(/\/?$/, '/'), description };
  return { uri: `${uriPath(dir).replace(/\/+$/, '')}/`, uriBaseId: PROJECT_ROOT, description };
}

function pascal(id: string): string {
  return id
    .toLowerCase()
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

function rule(result: ControlResult): SarifRule {
  const entry = controlEntry(result.control);
  const quote = entry.policy[0];
  const limits = entry.limits.length === 0 ? '' : ` Known limits: ${entry.limits.join(' ')}`;
  const help = quote
    ? `Quoted from the published policy ${quote.file}, section "${quote.section}". ` + `docs/controls.md says how Rampart keeps ${entry.id}.${limits}`
    : `No published policy sentence; docs/controls.md says how Rampart keeps ${entry.id}.${limits}`;
  return {
    id: entry.id,
    name: pascal(entry.id),
    shortDescription: { text: entry.title },
    fullDescription: { text: quote?.text ?? entry.title },
    help: { text: help },
    properties: { status: entry.status, verdict: result.verdict, ...(quote ? { policyFile: quote.file } : {}), tags: ['security'] },
  };
}

function message(result: ControlResult, evidence: Evidence): string {
  const at = evidence.resource === undefined ? `stack ${evidence.stack}` : `${evidence.resource} in stack ${evidence.stack}`;
  const how = evidence.outcome === 'excepted' ? `excepted (${evidence.exception ?? 'no exception id'})` : evidence.outcome;
  const found = `found ${foundText(evidence)} at ${evidence.pointer || 'the template root'}`;
  return `${result.control} (${result.title}) is ${how} at ${at}: expected ${evidence.expected}; ${found}.`;
}

/** Stable across reruns and unrelated edits, so code scanning keeps one alert per place rather than opening new ones. */
function fingerprint(evidence: Evidence): string {
  const key = [evidence.control, evidence.kind, evidence.stack, evidence.file, evidence.resource ?? '', evidence.pointer].join('\n');
  return createHash('sha256').update(key).digest('hex');
}

function sarifResult(result: ControlResult, ruleIndex: number, evidence: Evidence): SarifResult {
  const logical: SarifLogicalLocation =
    evidence.resource === undefined
      ? { name: evidence.stack, fullyQualifiedName: evidence.stack, kind: 'module' }
      : { name: evidence.resource, fullyQualifiedName: `${evidence.stack}/${evidence.resource}`, kind: 'resource' };
  const excepted = evidence.outcome === 'excepted';
  return {
    ruleId: result.control,
    ruleIndex,
    level: excepted ? 'note' : 'error',
    message: { text: message(result, evidence) },
    locations: [
      {
        physicalLocation: { artifactLocation: { uri: uriPath(evidence.file), uriBaseId: BASE_ID[evidenceCloud(evidence.file)] } },
        logicalLocations: [logical],
      },
    ],
    partialFingerprints: { 'rampartEvidence/v1': fingerprint(evidence) },
    ...(excepted ? { suppressions: [{ kind: 'external', status: 'accepted', justification: exceptionReason(result, evidence.exception) }] } : {}),
    properties: {
      jsonPointer: evidence.pointer,
      stack: evidence.stack,
      kind: evidence.kind,
      outcome: evidence.outcome,
      expected: evidence.expected,
      ...(evidence.value === undefined ? {} : { found: evidence.value }),
      ...(evidence.exception === undefined ? {} : { exception: evidence.exception }),
    },
  };
}

/**
 * A standing exception (a gap of Rampart the catalog records) has no single failing observation: one result names
 * it once, with every stack of the control's scope as a location. A warning, not suppressed: nobody accepted it.
 */
function standingResult(result: ControlResult, ruleIndex: number, exception: InForceException): SarifResult {
  return {
    ruleId: result.control,
    ruleIndex,
    level: 'warning',
    message: {
      text:
        `${result.control} (${result.title}) is partial: standing gap ${exception.id} of Rampart, in force in ${result.stacks.length} stacks. ` +
        `Covers: ${exception.covers} Why: ${exception.reason}`,
    },
    locations: [{ logicalLocations: result.stacks.map((stack) => ({ name: stack, fullyQualifiedName: stack, kind: 'module' })) }],
    partialFingerprints: { 'rampartEvidence/v1': createHash('sha256').update(`${result.control}\nstanding\n${exception.id}`).digest('hex') },
    properties: { exception: exception.id, basis: exception.basis, stacks: result.stacks },
  };
}

/** A partial control with no exception in force fails the review; the result says so at the control. */
function unrecordedPartialResult(result: ControlResult, ruleIndex: number): SarifResult {
  return {
    ruleId: result.control,
    ruleIndex,
    level: 'error',
    message: { text: `${result.control} (${result.title}) is partial with no exception in force: the gap is not recorded in the catalog.` },
    locations: [{ logicalLocations: result.stacks.map((stack) => ({ name: stack, fullyQualifiedName: stack, kind: 'module' })) }],
    partialFingerprints: { 'rampartEvidence/v1': createHash('sha256').update(`${result.control}\nunrecorded-partial`).digest('hex') },
    properties: { stacks: result.stacks },
  };
}

function unknownStackResult(stack: string, ruleIndex: number): SarifResult {
  return {
    ruleId: UNKNOWN_STACK_RULE,
    ruleIndex,
    level: 'error',
    message: { text: `Stack ${stack} has no Rampart self-description, so no control can be judged there.` },
    locations: [{ logicalLocations: [{ name: stack, fullyQualifiedName: stack, kind: 'module' }] }],
    partialFingerprints: { 'rampartEvidence/v1': createHash('sha256').update(`${UNKNOWN_STACK_RULE}\n${stack}`).digest('hex') },
    properties: { stack },
  };
}

const UNKNOWN_RULE: SarifRule = {
  id: UNKNOWN_STACK_RULE,
  name: 'UnknownStack',
  shortDescription: { text: 'Every stack carries Rampart metadata' },
  fullDescription: { text: 'A stack without Rampart metadata cannot be judged against any control, so it fails the review.' },
  help: { text: 'Build the stack with Rampart (lib/plan/stack-metadata.ts) or remove it from the reviewed output.' },
  properties: { tags: ['security'] },
};

/** The SARIF log of one verification: one run, a rule per evaluated control, a result per failing or excepted observation. */
export function sarifReport(verification: Verification, provenance: Provenance): SarifLog {
  const evaluated = evaluatedControls(verification);
  const rules = evaluated.map(rule);
  const results = evaluated.flatMap((result, index) => [
    ...result.evidence.filter((e) => e.outcome !== 'holds').map((evidence) => sarifResult(result, index, evidence)),
    ...result.exceptions.filter((e) => e.basis === 'standing').map((exception) => standingResult(result, index, exception)),
    ...(verification.unrecordedPartial.includes(result.control) ? [unrecordedPartialResult(result, index)] : []),
  ]);
  const unknown = verification.unknownStacks.length > 0;
  if (unknown) results.push(...verification.unknownStacks.map((stack) => unknownStackResult(stack, rules.length)));
  const relative = [provenance.assembly.awsDir, provenance.assembly.gcpDir].some((d) => d !== undefined && !isAbsolute(d));
  const version = provenance.tools.rampart;
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: SARIF_TOOL_NAME, ...(version === undefined ? {} : { version }), rules: unknown ? [...rules, UNKNOWN_RULE] : rules } },
        originalUriBaseIds: {
          ...(relative ? { [PROJECT_ROOT]: { description: { text: 'The directory the review was run from.' } } } : {}),
          [BASE_ID.aws]: baseLocation(provenance.assembly.awsDir, 'AWS cloud assembly (cdk.out)'),
          [BASE_ID.gcp]: baseLocation(provenance.assembly.gcpDir, 'CDK for Terraform output (cdktf.out)'),
        },
        invocations: [{ executionSuccessful: true, endTimeUtc: provenance.generatedAt }],
        results,
        properties: {
          provenance,
          verificationOk: verification.ok,
          unknownStacks: verification.unknownStacks,
          unrecordedPartial: verification.unrecordedPartial,
        },
      },
    ],
  };
}
