/**
 * Where a review came from: enough for an auditor to rebuild the same templates (config file and its
 * hash, commit, tool versions) and to know when and how the review was made. `npm run synth` writes
 * it into the output directory (rampart-provenance.json) so that `npm run review` on a copied
 * artifact reports the build it reviews, not the machine it runs on.
 */
export interface Provenance {
  /** ISO 8601 time the review was written. */
  readonly generatedAt: string;
  /** The command that wrote the review, e.g. `npm run synth`. */
  readonly generator: string;
  /** The config the templates were built from (path as given), and the SHA-256 of its bytes. */
  readonly configFile?: string;
  readonly configSha256?: string;
  /** `git rev-parse HEAD` of the build, with `-dirty` when the work tree had changes; absent outside git. */
  readonly commit?: string;
  /**
   * Present when the run built only some stacks (`npm run synth -- --only`): the patterns, and how
   * many of the config's AWS stacks were built. Verdicts then cover those stacks alone.
   */
  readonly selection?: { readonly patterns: readonly string[]; readonly built: number; readonly of: number };
  /** Directories reviewed. */
  readonly assembly: { readonly awsDir?: string; readonly gcpDir?: string };
  /** node, aws-cdk-lib, cdk-nag, cdktf, @cdktf/provider-google, rampart: exact versions. */
  readonly tools: Readonly<Record<string, string>>;
}
