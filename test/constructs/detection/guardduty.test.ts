import { Template } from 'aws-cdk-lib/assertions';
import { BASE_FEATURES, RUNTIME_AGENTS, ThreatDetection, ThreatDetectionProps } from '../../../lib/constructs/detection/guardduty';
import { acknowledgmentsUnder, testStack, unacknowledgedFindings } from '../../helpers';

function build(props?: ThreatDetectionProps) {
  const stack = testStack();
  const detection = new ThreatDetection(stack, 'ThreatDetection', props);
  const detectors = Object.values(Template.fromStack(stack).toJSON().Resources as Record<string, any>).filter(
    (r) => r.Type === 'AWS::GuardDuty::Detector',
  );
  return { stack, detection, detectors };
}

describe('ThreatDetection', () => {
  describe('GIVEN the defaults', () => {
    const { stack, detection, detectors } = build();
    const props = detectors[0].Properties;

    test('THEN exactly one detector is enabled and publishes findings every 15 minutes', () => {
      expect(detectors).toHaveLength(1);
      expect(props).toMatchObject({ Enable: true, FindingPublishingFrequency: 'FIFTEEN_MINUTES' });
      expect(detection.detector.enable).toBe(true);
    });

    test('THEN every protection plan CloudFormation exposes is enabled', () => {
      const features = Object.fromEntries(props.Features.map((f: any) => [f.Name, f.Status]));
      for (const name of [...BASE_FEATURES, 'RUNTIME_MONITORING']) expect(features[name]).toBe('ENABLED');
      expect(Object.keys(features).sort()).toEqual([
        'EBS_MALWARE_PROTECTION',
        'EKS_AUDIT_LOGS',
        'LAMBDA_NETWORK_LOGS',
        'RDS_LOGIN_EVENTS',
        'RUNTIME_MONITORING',
        'S3_DATA_EVENTS',
      ]);
      expect(props.DataSources).toBeUndefined();
    });

    test('THEN runtime monitoring has GuardDuty manage the agent on ECS Fargate, EKS and EC2', () => {
      const runtime = props.Features.find((f: any) => f.Name === 'RUNTIME_MONITORING');
      expect(runtime.AdditionalConfiguration).toEqual(RUNTIME_AGENTS.map((Name) => ({ Name, Status: 'ENABLED' })));
      expect(runtime.AdditionalConfiguration.map((c: any) => c.Name)).toContain('ECS_FARGATE_AGENT_MANAGEMENT');
    });

    test('THEN no validation pack has an unacknowledged finding, and nothing is acknowledged', () => {
      expect(unacknowledgedFindings(stack)).toEqual([]);
      expect(acknowledgmentsUnder(detection)).toEqual([]);
    });
  });

  test('GIVEN runtime monitoring turned off (enhancedMonitoring false) WHEN synthesized THEN only runtime monitoring and its agents are disabled', () => {
    const { detectors } = build({ runtimeMonitoring: false });
    const features = detectors[0].Properties.Features;
    const runtime = features.find((f: any) => f.Name === 'RUNTIME_MONITORING');
    expect(runtime.Status).toBe('DISABLED');
    for (const c of runtime.AdditionalConfiguration) expect(c.Status).toBe('DISABLED');
    for (const f of features.filter((f: any) => f.Name !== 'RUNTIME_MONITORING')) expect(f.Status).toBe('ENABLED');
  });
});
