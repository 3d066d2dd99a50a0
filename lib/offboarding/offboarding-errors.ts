/** A config that cannot be offboarded as asked (the CLI prints the message and exits 2). */
export class OffboardingConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OffboardingConfigError';
  }
}

/** Thrown by `offboardingPlan` for an id that is not in the config. */
export class UnknownTenantError extends OffboardingConfigError {
  constructor(
    public readonly tenantId: string,
    public readonly knownIds: readonly string[],
    /** Where the ids were looked up: `the config` or `the assembly <dir>`. */
    where = 'the config',
  ) {
    super(`unknown tenant id "${tenantId}"; ${where} has ${knownIds.length === 0 ? 'no tenants' : `these tenant ids: ${knownIds.join(', ')}`}`);
    this.name = 'UnknownTenantError';
  }
}
