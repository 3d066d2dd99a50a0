import { verifyAssembly } from '../../lib/verify/verify-assembly';
import { all, resource, type Template } from './synthesized';
import {
  defaultAwsOutput,
  expectWeakeningFails,
  US,
  DR,
  EU,
  ENCLAVE,
  ACME,
  GLOBEX,
  BASELINE,
  DEPLOYMENT_BASELINE,
  DEPLOYMENT_DETECTION,
  type WeakeningCase,
} from './default-aws-output';

/**
 * DETECT-SENSITIVE-DATA (issue 14 item 7, Macie): each evidence kind shown failing on a weakened copy
 * of the real templates, with the exact control, verdict and logical id; the unweakened output passes.
 */
const assembly = defaultAwsOutput();

const session = (t: Template) => all(t, 'AWS::Macie::Session')[0];
const macieRule = (t: Template, prefix: string) => resource(t, 'AWS::Events::Rule', `SensitiveDataDiscovery${prefix}`);

const CASES: readonly WeakeningCase[] = [
  ['the Macie session removed', US, 'DETECT-SENSITIVE-DATA', 'missing', undefined, (t) => delete t.Resources[session(t).id]],
  [
    'the Macie session paused',
    ENCLAVE,
    'DETECT-SENSITIVE-DATA',
    'contradicted',
    'SensitiveDataDiscoverySession3934C39A',
    (t) => {
      t.Resources[session(t).id].Properties.Status = 'PAUSED';
    },
  ],
  [
    'the Macie session publishing every six hours',
    BASELINE,
    'DETECT-SENSITIVE-DATA',
    'contradicted',
    'SensitiveDataDiscoverySession3934C39A',
    (t) => {
      t.Resources[session(t).id].Properties.FindingPublishingFrequency = 'SIX_HOURS';
    },
  ],
  [
    'a second Macie session in a tenant stack of the platform account and region',
    ACME,
    'DETECT-SENSITIVE-DATA',
    'contradicted',
    undefined,
    (t) => {
      t.Resources.ExtraSession = { Type: 'AWS::Macie::Session', Properties: { Status: 'ENABLED', FindingPublishingFrequency: 'FIFTEEN_MINUTES' } };
    },
  ],
  ['the Macie High rule removed', DR, 'DETECT-SENSITIVE-DATA', 'missing', undefined, (t) => delete t.Resources[macieRule(t, 'HighFindings').id]],
  [
    'the Macie High rule without a target',
    EU,
    'DETECT-SENSITIVE-DATA',
    'contradicted',
    'SensitiveDataDiscoveryHighFindingsBF8F2B34',
    (t) => {
      macieRule(t, 'HighFindings').props.Targets = [];
    },
  ],
  ['the Macie Medium rule removed', US, 'DETECT-SENSITIVE-DATA', 'missing', undefined, (t) => delete t.Resources[macieRule(t, 'MediumFindings').id]],
  [
    'no AWS Config rule reporting automated discovery',
    ENCLAVE,
    'DETECT-SENSITIVE-DATA',
    'missing',
    undefined,
    (t) => delete t.Resources[resource(t, 'AWS::Config::ConfigRule', 'SensitiveDataDiscoveryAutomatedDiscoveryEnabled').id],
  ],
];

describe('evidence verifier, Macie: weakened copies of the real output', () => {
  test('GIVEN the real output THEN every stack holding a bucket is covered by one enabled session, and every session routes', () => {
    const result = verifyAssembly(assembly);
    const control = result.controls.find((c) => c.control === 'DETECT-SENSITIVE-DATA')!;
    expect(control.evidence.filter((e) => e.outcome !== 'holds')).toEqual([]);
    const stacks = (kind: string) => new Set(control.evidence.filter((e) => e.kind === kind).map((e) => e.stack));
    const detection = new Set([US, DR, EU, ENCLAVE, BASELINE, DEPLOYMENT_BASELINE, ...DEPLOYMENT_DETECTION]);
    for (const kind of ['macie-paging-route', 'macie-medium-digest', 'macie-discovery-checked']) expect(stacks(kind)).toEqual(detection);
    for (const stack of [...detection, ACME, GLOBEX]) expect(stacks('macie-session')).toContain(stack);
    // One session per account and region, each in the stack holding the account watch there.
    const sessions = assembly.stacks.flatMap((s) => all(s.template as Template, 'AWS::Macie::Session').map(() => `${s.account}/${s.region}`));
    expect(new Set(sessions).size).toBe(sessions.length);
    expect(control.verdict).toBe('partial');
    expect(result.ok).toBe(true);
  });

  test.each(CASES)('GIVEN %s (%s) THEN %s is %s', (...weakening) => expectWeakeningFails(assembly, weakening));
});
