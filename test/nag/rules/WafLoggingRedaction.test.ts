import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import * as sns from 'aws-cdk-lib/aws-sns';
import { NagRuleCompliance } from 'cdk-nag';
import { WafLoggingRedaction } from '../../../lib/nag/rules/WafLoggingRedaction';
import { cfnOf, testStack } from '../../helpers';

function logging(redactedFields?: wafv2.CfnLoggingConfiguration.FieldToMatchProperty[]) {
  return new wafv2.CfnLoggingConfiguration(testStack(), 'L', { resourceArn: 'arn:acl', logDestinationConfigs: ['arn:group'], redactedFields });
}

describe('Rampart-WafLoggingRedaction (WAF)', () => {
  test('GIVEN authorization and cookie redacted (any case) THEN compliant', () => {
    expect(
      WafLoggingRedaction.check(logging([{ singleHeader: { Name: 'Authorization' } }, { singleHeader: { Name: 'cookie' } }, { uriPath: {} }])),
    ).toBe(NagRuleCompliance.COMPLIANT);
  });

  test('GIVEN only authorization redacted THEN non-compliant', () => {
    expect(WafLoggingRedaction.check(logging([{ singleHeader: { Name: 'authorization' } }]))).toBe(NagRuleCompliance.NON_COMPLIANT);
  });

  test('GIVEN no redaction THEN non-compliant', () => {
    expect(WafLoggingRedaction.check(logging())).toBe(NagRuleCompliance.NON_COMPLIANT);
  });

  test('GIVEN another resource THEN not applicable', () => {
    expect(WafLoggingRedaction.check(cfnOf(new sns.Topic(testStack(), 'T')))).toBe(NagRuleCompliance.NOT_APPLICABLE);
  });
});
