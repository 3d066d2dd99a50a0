import * as fs from 'fs';
import * as path from 'path';
import { hipaaServiceAllowlistScp, PolicyDocument, regionDenyScp, ScpOptions } from './service-control-policies';

export interface WritePolicyDocumentsInput {
  /** The cloud assembly directory (e.g. `cdk.out`); documents go to `<outdir>/policies/`. */
  readonly outdir: string;
  /** The EU residency region the EU account is pinned to (`residency.eu.region`). */
  readonly euRegion: string;
  /** Whether the HIPAA enclave exists (`hipaa.enabled`); without it no allowlist SCP is written. */
  readonly hipaaEnabled: boolean;
  /** Break-glass roles exempted from both SCPs. @default - none */
  readonly scpOptions?: ScpOptions;
}

/**
 * Writes the organization's service control policies next to the synthesized templates, pretty
 * printed for review (AWS Organizations counts characters of the minified form, checked when each
 * document is built), and returns the written paths:
 *
 * - `<outdir>/policies/hipaa-service-allowlist.scp.json` when `hipaaEnabled`
 * - `<outdir>/policies/eu-region-deny.scp.json`
 *
 * Stale documents from an earlier run (the allowlist after the enclave is disabled) are removed.
 */
export function writePolicyDocuments(input: WritePolicyDocumentsInput): string[] {
  // Build (and so validate) every document before touching the disk.
  const documents: [string, PolicyDocument | undefined][] = [
    ['hipaa-service-allowlist.scp.json', input.hipaaEnabled ? hipaaServiceAllowlistScp(input.scpOptions) : undefined],
    ['eu-region-deny.scp.json', regionDenyScp(input.euRegion, input.scpOptions)],
  ];
  const dir = path.join(input.outdir, 'policies');
  fs.mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  for (const [file, document] of documents) {
    const target = path.join(dir, file);
    if (document === undefined) {
      fs.rmSync(target, { force: true });
      continue;
    }
    fs.writeFileSync(target, `${JSON.stringify(document, undefined, 2)}\n`);
    written.push(target);
  }
  return written;
}
