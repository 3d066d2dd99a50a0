import { controlChanges } from '../../../lib/verify/diff/control-changes';
import { securityDiff } from '../../../lib/verify/diff/security-diff';
import { securityDiffMarkdown } from '../../../lib/verify/diff/security-diff-markdown';
import type { Assembly, Evidence, Verification } from '../../../lib/verify/types';
import { controlResult, evidence, verification } from './builds';

const PLATFORM = 'prod-us-east-1/platform';
const EMPTY: Assembly = { stacks: [] };

/** Three internet-facing load balancers, each with a WebACL association unless said otherwise. */
function waf(outcomes: Record<string, Evidence['outcome']>, extra: Evidence[] = []): Verification {
  const observed = Object.entries(outcomes).map(([resource, outcome]) =>
    evidence({ resource, outcome, ...(outcome === 'holds' ? {} : { value: null }) }),
  );
  const failing = observed.some((e) => e.outcome === 'contradicted' || e.outcome === 'missing');
  const excepted = observed.some((e) => e.outcome === 'excepted');
  return verification(
    controlResult({ verdict: failing ? 'contradicted' : excepted ? 'partial' : 'holds', evidence: observed }),
    ...extraControl(extra),
  );
}

/** Another control that still names resources (how a verification without the assembly tells that they are still built). */
function extraControl(extra: Evidence[]) {
  return extra.length === 0 ? [] : [controlResult({ control: 'TLS-EDGE', title: 'TLS at the edge', verdict: 'holds', evidence: extra })];
}

const tls = (resource: string): Evidence =>
  evidence({ control: 'TLS-EDGE', kind: 'listener-tls-policy', resource, outcome: 'holds', pointer: `/Resources/${resource}/tls` });

describe('controlChanges', () => {
  test('GIVEN equal verifications THEN there is no change', () => {
    expect(controlChanges(waf({ Lb1: 'holds', Lb2: 'holds' }), waf({ Lb1: 'holds', Lb2: 'holds' }))).toEqual([]);
  });

  test('GIVEN an observation holds -> contradicted THEN the control is weaker, verdict and evidence both', () => {
    const [change] = controlChanges(waf({ Lb1: 'holds', Lb2: 'holds' }), waf({ Lb1: 'holds', Lb2: 'contradicted' }));
    expect(change).toMatchObject({ control: 'WAF', direction: 'weaker', verdict: { before: 'holds', after: 'contradicted', direction: 'weaker' } });
    expect(change.evidence).toEqual([
      expect.objectContaining({
        direction: 'weaker',
        stack: PLATFORM,
        resource: 'Lb2',
        before: 'holds',
        after: 'contradicted',
        why: 'holds -> contradicted',
      }),
    ]);
    expect(change.counts).toEqual([
      { kind: 'waf-association', subject: 'internet-facing load balancers', before: { holding: 2, total: 2 }, after: { holding: 1, total: 2 } },
    ]);
  });

  test('GIVEN an observation contradicted -> holds THEN the control is stronger', () => {
    const [change] = controlChanges(waf({ Lb1: 'holds', Lb2: 'contradicted' }), waf({ Lb1: 'holds', Lb2: 'holds' }));
    expect(change).toMatchObject({ direction: 'stronger', verdict: { before: 'contradicted', after: 'holds', direction: 'stronger' } });
    expect(change.evidence).toEqual([expect.objectContaining({ direction: 'stronger', resource: 'Lb2', why: 'contradicted -> holds' })]);
  });

  test('GIVEN holds -> excepted (an accepted exception) THEN it is weaker: failing, only with consent', () => {
    const [change] = controlChanges(waf({ Lb1: 'holds' }), waf({ Lb1: 'excepted' }));
    expect(change).toMatchObject({ direction: 'weaker', verdict: { before: 'holds', after: 'partial' } });
    expect(change.evidence[0]).toMatchObject({ direction: 'weaker', why: 'holds -> excepted' });
  });

  test('GIVEN a new load balancer without WAF THEN the new failing observation is weaker; a new one with WAF changes nothing', () => {
    const [change] = controlChanges(waf({ Lb1: 'holds' }), waf({ Lb1: 'holds', Lb2: 'missing' }));
    expect(change.evidence).toEqual([expect.objectContaining({ direction: 'weaker', resource: 'Lb2', why: 'new observation: missing' })]);
    expect(controlChanges(waf({ Lb1: 'holds' }), waf({ Lb1: 'holds', Lb2: 'holds' }))).toEqual([]);
  });

  test('GIVEN WAF 3 of 3 -> 2 of 2 because a load balancer lost its association but is still built THEN it is weaker coverage', () => {
    const before = waf({ Lb1: 'holds', Lb2: 'holds', Lb3: 'holds' }, [tls('Lb3')]);
    const after = waf({ Lb1: 'holds', Lb2: 'holds' }, [tls('Lb3')]);
    const [change] = controlChanges(before, after);
    expect(change).toMatchObject({ control: 'WAF', direction: 'weaker', verdict: { before: 'holds', after: 'holds' } });
    expect(change.verdict.direction).toBeUndefined();
    expect(change.evidence).toEqual([
      expect.objectContaining({
        direction: 'weaker',
        resource: 'Lb3',
        before: 'holds',
        why: 'no longer observed holding, though Lb3 is still built',
      }),
    ]);
    expect(change.counts[0]).toMatchObject({ before: { holding: 3, total: 3 }, after: { holding: 2, total: 2 } });
  });

  test('GIVEN WAF 3 of 3 -> 2 of 2 because the load balancer itself was removed THEN the control did not weaken', () => {
    expect(controlChanges(waf({ Lb1: 'holds', Lb2: 'holds', Lb3: 'holds' }), waf({ Lb1: 'holds', Lb2: 'holds' }))).toEqual([]);
  });

  test('GIVEN the next assembly THEN it, not the evidence, decides whether the load balancer is still built', () => {
    const before = waf({ Lb1: 'holds', Lb2: 'holds', Lb3: 'holds' });
    const after = waf({ Lb1: 'holds', Lb2: 'holds' });
    const built = (ids: string[]): Assembly => ({
      stacks: [
        {
          cloud: 'aws',
          id: PLATFORM,
          name: 'p',
          account: '1',
          region: 'us-east-1',
          file: 'p.json',
          template: { Resources: Object.fromEntries(ids.map((id) => [id, { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer' }])) },
        },
      ],
    });
    expect(controlChanges(before, after, built(['Lb1', 'Lb2', 'Lb3']))).toHaveLength(1);
    expect(controlChanges(before, after, built(['Lb1', 'Lb2']))).toEqual([]);
  });

  test('GIVEN a control gone from the next catalog THEN holds -> not-verified is weaker', () => {
    const [change] = controlChanges(waf({ Lb1: 'holds' }), verification());
    expect(change).toMatchObject({ control: 'WAF', direction: 'weaker', verdict: { before: 'holds', after: 'not-verified', direction: 'weaker' } });
  });

  test('GIVEN one observation stronger and another weaker THEN the control is mixed and still blocks', () => {
    const base = waf({ Lb1: 'holds', Lb2: 'contradicted' });
    const next = waf({ Lb1: 'contradicted', Lb2: 'holds' });
    const [change] = controlChanges(base, next);
    expect(change.direction).toBe('mixed');
    const diff = securityDiff({ base: EMPTY, next: EMPTY, baseVerification: base, nextVerification: next });
    expect(diff.blocking).toEqual([expect.objectContaining({ category: 'weakening', stack: PLATFORM, control: 'WAF' })]);
  });
});

describe('securityDiff on controls', () => {
  const base = waf({ Lb1: 'holds', Lb2: 'holds' });
  const next = waf({ Lb1: 'holds', Lb2: 'contradicted' });

  test('GIVEN a weaker control without acknowledgment THEN it blocks and the Markdown shows its evidence row', () => {
    const diff = securityDiff({ base: EMPTY, next: EMPTY, baseVerification: base, nextVerification: next });
    expect(diff.ok).toBe(false);
    expect(diff.blocking).toEqual([
      { category: 'weakening', stack: PLATFORM, control: 'WAF', summary: 'WAF holds -> contradicted: 1 weaker observation' },
    ]);
    const markdown = securityDiffMarkdown(diff);
    expect(markdown).toContain('### Weaker controls');
    expect(markdown).toContain('#### WAF: A web application firewall in front of every public endpoint (holds → contradicted)');
    expect(markdown).toContain('- waf-association: 2 of 2 → 1 of 2 internet-facing load balancers');
    expect(markdown).toMatch(/\| `prod-us-east-1\/platform` \| `Lb2` \| waf-association \| holds → contradicted \(\(absent\) → `null`\) \|/);
  });

  test('GIVEN that control acknowledged for its stack THEN it does not block, and the reason is shown', () => {
    const diff = securityDiff({
      base: EMPTY,
      next: EMPTY,
      baseVerification: base,
      nextVerification: next,
      acknowledgments: [{ stack: PLATFORM, control: 'WAF', reason: 'Lb2 moves behind CloudFront next sprint (RAMP-77)' }],
    });
    expect(diff).toMatchObject({
      ok: true,
      blocking: [],
      acknowledged: [expect.objectContaining({ control: 'WAF', reason: expect.stringContaining('RAMP-77') })],
    });
    expect(securityDiffMarkdown(diff)).toContain('every item acknowledged with a reason');
    // A resource-level acknowledgment, or one for another stack, does not cover a weakening.
    const wrong = [
      { stack: PLATFORM, resource: 'Lb2', reason: 'not a control acknowledgment' },
      { stack: 'prod-us-west-2/platform', control: 'WAF' as const, reason: 'another stack' },
    ];
    const still = securityDiff({ base: EMPTY, next: EMPTY, baseVerification: base, nextVerification: next, acknowledgments: wrong });
    expect(still.blocking).toHaveLength(1);
    expect(still.unusedAcknowledgments).toEqual(wrong);
  });

  test('GIVEN a control only stronger THEN nothing blocks and it is listed under stronger controls', () => {
    const diff = securityDiff({ base: EMPTY, next: EMPTY, baseVerification: next, nextVerification: base });
    expect(diff.ok).toBe(true);
    const markdown = securityDiffMarkdown(diff);
    expect(markdown).toContain('No weakening and no data loss.');
    expect(markdown).toContain('### Stronger controls');
  });

  test('GIVEN a verdict that fell because a stack left the scope THEN the weakening is laid at that stack', () => {
    const before = verification(controlResult({ verdict: 'holds', stacks: [PLATFORM, 'prod-us-west-2/platform'] }));
    const after = verification(controlResult({ verdict: 'not-applicable', stacks: [] }));
    const diff = securityDiff({ base: EMPTY, next: EMPTY, baseVerification: before, nextVerification: after });
    expect(diff.blocking.map((b) => b.stack)).toEqual([PLATFORM, 'prod-us-west-2/platform']);
  });
});
