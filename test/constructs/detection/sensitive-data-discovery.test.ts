import { Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { SecurityMonitoring } from '../../../lib/constructs/audit/security-monitoring';
import { SensitiveDataDiscovery } from '../../../lib/constructs/detection/sensitive-data-discovery';
import { testStack } from '../../helpers';

type Resource = { Type: string; Properties: Record<string, any>; DependsOn?: string[] };

function build(region = 'us-east-1'): Resource[] {
  const stack = testStack(region);
  const monitoring = new SecurityMonitoring(stack, 'Monitoring', {
    alertEmail: 'oncall@example.com',
    pagingEndpoint: 'https://events.example.com/page',
    alertsKeyAlias: 'alias/test/alerts',
    archiveBucket: new s3.Bucket(stack, 'Archive'),
    archiveKey: new kms.Key(stack, 'Logs'),
    recordGlobalResources: true,
  });
  new SensitiveDataDiscovery(stack, 'Macie', { monitoring });
  return Object.values((Template.fromStack(stack).toJSON() as { Resources: Record<string, Resource> }).Resources);
}

const ofType = (resources: Resource[], type: string) => resources.filter((r) => r.Type === type);
const macieRules = (resources: Resource[]) =>
  ofType(resources, 'AWS::Events::Rule').filter((r) => r.Properties.EventPattern.source[0] === 'aws.macie');
/** The logical ids of the topics a rule targets. */
const targetsOf = (rule: Resource) => rule.Properties.Targets.map((t: { Arn: { Ref: string } }) => t.Arn.Ref);

describe('SensitiveDataDiscovery', () => {
  const resources = build();

  test('THEN one Macie session is enabled, publishing recurring findings every 15 minutes', () => {
    expect(ofType(resources, 'AWS::Macie::Session').map((r) => r.Properties)).toEqual([
      { Status: 'ENABLED', FindingPublishingFrequency: 'FIFTEEN_MINUTES' },
    ]);
  });

  test('THEN High findings go to the alert and page topics, Medium ones to the digest topic only', () => {
    const [high, medium] = macieRules(resources);
    expect(high.Properties.EventPattern).toEqual({
      source: ['aws.macie'],
      'detail-type': ['Macie Finding'],
      detail: { severity: { description: ['High'] } },
    });
    expect(targetsOf(high)).toEqual([expect.stringMatching(/^MonitoringAlertTopic/), expect.stringMatching(/^MonitoringPageTopic/)]);
    expect(medium.Properties.EventPattern.detail).toEqual({ severity: { description: ['Medium'] } });
    expect(targetsOf(medium)).toEqual([expect.stringMatching(/^MonitoringDigestTopic/)]);
  });

  test('THEN AWS Config reports automated discovery (after the recorder and the session exist), and non-compliance pages', () => {
    const [check] = ofType(resources, 'AWS::Config::ConfigRule');
    expect(check.Properties.Source).toEqual({ Owner: 'AWS', SourceIdentifier: 'MACIE_AUTO_SENSITIVE_DATA_DISCOVERY_CHECK' });
    expect(check.DependsOn).toEqual([expect.stringMatching(/^MacieSession/), expect.stringMatching(/^MonitoringRecorder/)]);
    const [off] = ofType(resources, 'AWS::Events::Rule').filter((r) => r.Properties.EventPattern.source[0] === 'aws.config');
    expect(off.Properties.EventPattern.detail.newEvaluationResult).toEqual({ complianceType: ['NON_COMPLIANT'] });
    expect(targetsOf(off)).toEqual([expect.stringMatching(/^MonitoringAlertTopic/), expect.stringMatching(/^MonitoringPageTopic/)]);
  });

  test('GIVEN a region where AWS Config does not offer the rule THEN no rule is built, and the session and routing stay', () => {
    const zurich = build('eu-central-2');
    expect(ofType(zurich, 'AWS::Config::ConfigRule')).toEqual([]);
    expect(ofType(zurich, 'AWS::Macie::Session')).toHaveLength(1);
    expect(macieRules(zurich)).toHaveLength(2);
  });
});
