/**
 * Keys a Rampart config once accepted and no longer does, by config path (as `formatPath` writes
 * it), each with what replaced it. A config that still carries one fails with this message instead
 * of a bare "unknown key", so the upgrade says what to write instead.
 */
export const RETIRED_KEYS: Readonly<Record<string, string>> = {
  'platform.container.image':
    "was replaced by platform.container.imageTag: every service runs from its stack's own scan-on-push, immutable ECR repository, " +
    'never a public image; push the service image there and set the tag (README, "Service image")',
};
