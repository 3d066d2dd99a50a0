import * as guardduty from 'aws-cdk-lib/aws-guardduty';
import { Construct } from 'constructs';

/** Protection plans enabled on every detector (foundational sources are always on). */
export const BASE_FEATURES = ['S3_DATA_EVENTS', 'EKS_AUDIT_LOGS', 'EBS_MALWARE_PROTECTION', 'RDS_LOGIN_EVENTS', 'LAMBDA_NETWORK_LOGS'] as const;
/** Agents GuardDuty manages itself when runtime monitoring is on. */
export const RUNTIME_AGENTS = ['ECS_FARGATE_AGENT_MANAGEMENT', 'EKS_ADDON_MANAGEMENT', 'EC2_AGENT_MANAGEMENT'] as const;

export interface ThreatDetectionProps {
  /**
   * Runtime monitoring (OS-level events from Fargate tasks, EKS pods and EC2), with GuardDuty
   * managing the security agent. It is billed per vCPU, so it is a choice (config
   * `platform.enhancedMonitoring`), but it is never off by default.
   * @default true
   */
  readonly runtimeMonitoring?: boolean;
}

/**
 * The GuardDuty detector of an account and region (controls IDS-IPS detection side and DETECT):
 * every protection plan CloudFormation exposes, findings published every 15 minutes so the
 * EventBridge -> SNS alerting path sees them within minutes.
 *
 * An account and region hold at most one detector: deploy this once per account and region, and
 * not where an organization's delegated administrator already auto-enables one (the create fails).
 */
export class ThreatDetection extends Construct {
  public readonly detector: guardduty.CfnDetector;

  constructor(scope: Construct, id: string, props: ThreatDetectionProps = {}) {
    super(scope, id);
    const runtime = props.runtimeMonitoring ?? true;
    this.detector = new guardduty.CfnDetector(this, 'Detector', {
      enable: true,
      findingPublishingFrequency: 'FIFTEEN_MINUTES',
      features: [
        ...BASE_FEATURES.map((name) => ({ name, status: 'ENABLED' })),
        {
          name: 'RUNTIME_MONITORING',
          status: runtime ? 'ENABLED' : 'DISABLED',
          additionalConfiguration: RUNTIME_AGENTS.map((name) => ({ name, status: runtime ? 'ENABLED' : 'DISABLED' })),
        },
      ],
    });
  }
}
