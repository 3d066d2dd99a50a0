import { CATALOG } from '../../lib/promises/catalog';
import { AWS_CHECKS } from '../../lib/verify/aws';
import { GCP_CHECKS } from '../../lib/verify/gcp';

/**
 * Every control the catalog says is built has an evidence check for every cloud its scope reaches:
 * a control in scope with no check fails here, naming the control and the cloud.
 */
describe('evidence verifier coverage', () => {
  const built = CATALOG.filter((entry) => entry.status === 'enforced' || entry.status === 'partial');

  test('GIVEN every built control THEN each cloud in its scope has a verifier check', () => {
    const gaps = built.flatMap((entry) => {
      const needs = new Set(entry.appliesTo.kinds.map((kind) => (kind.startsWith('aws-') ? 'aws' : 'gcp')));
      return [...needs]
        .filter((cloud) => ((cloud === 'aws' ? AWS_CHECKS : GCP_CHECKS)[entry.id] ?? []).length === 0)
        .map((cloud) => `${entry.id}: ${cloud}`);
    });
    expect(gaps).toEqual([]);
  });

  test('GIVEN every registered check THEN it belongs to a control that is built', () => {
    const builtIds = new Set(built.map((entry) => entry.id));
    const stray = [...Object.keys(AWS_CHECKS), ...Object.keys(GCP_CHECKS)].filter((id) => !builtIds.has(id as never));
    expect(stray).toEqual([]);
  });
});
