import { Template } from 'aws-cdk-lib/assertions';
import { KeyMaterialExpiryAlarm } from '../../../lib/constructs/keys/key-material-expiry-alarm';
import { RampartKey } from '../../../lib/constructs/keys/rampart-key';
import { testStack, unacknowledgedFindings } from '../../helpers';

describe('KeyMaterialExpiryAlarm', () => {
  describe('GIVEN a BYOK key and the defaults', () => {
    const stack = testStack();
    const key = new RampartKey(stack, 'ByokKey', { alias: 'alias/t/byok', description: 'byok', viaServices: ['s3'], importedKeyMaterial: true }).key;
    new KeyMaterialExpiryAlarm(stack, 'Expiry', { key, alertEmail: 'oncall@example.com', topicKeyAlias: 'alias/t/byok-expiry' });
    const template = Template.fromStack(stack);

    test('THEN an alarm fires 30 days before the imported material expires, and when there is no material at all', () => {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/KMS',
        MetricName: 'SecondsUntilKeyMaterialExpiration',
        Dimensions: [{ Name: 'KeyId', Value: { Ref: 'ByokKey' } }],
        Statistic: 'Minimum',
        Threshold: 30 * 86400,
        ComparisonOperator: 'LessThanThreshold',
        TreatMissingData: 'breaching',
      });
    });

    test('THEN it notifies an encrypted topic whose key is not the watched key, mailed to on-call', () => {
      const resources = template.toJSON().Resources;
      const [topicId, topic] = Object.entries(resources).find(([, r]) => (r as { Type: string }).Type === 'AWS::SNS::Topic') as [
        string,
        { Properties: { KmsMasterKeyId: unknown } },
      ];
      expect(topic.Properties.KmsMasterKeyId).not.toEqual({ 'Fn::GetAtt': ['ByokKey', 'Arn'] });
      template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmActions: [{ Ref: topicId }] });
      template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'oncall@example.com' });
    });

    test('THEN no validation pack has an unacknowledged finding', () => {
      expect(unacknowledgedFindings(stack)).toEqual([]);
    });
  });

  test('GIVEN an invalid alert address WHEN constructed THEN it throws naming the prop and value', () => {
    const stack = testStack();
    const key = new RampartKey(stack, 'K', { alias: 'alias/t/k', description: 'k', viaServices: ['s3'], importedKeyMaterial: true }).key;
    expect(() => new KeyMaterialExpiryAlarm(stack, 'Expiry', { key, alertEmail: 'nobody', topicKeyAlias: 'alias/t/x' })).toThrow(
      'alertEmail must be an email address, got "nobody"',
    );
  });
});
