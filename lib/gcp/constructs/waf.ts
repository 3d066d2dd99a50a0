import { Construct } from 'constructs';
import { ComputeSecurityPolicy, ComputeSecurityPolicyRule } from '../bindings';

/**
 * Cloud Armor preconfigured WAF rule sets (ModSecurity CRS 3.3) that cover the OWASP Top 10
 * injection, inclusion, protocol and scanner classes, plus the Log4Shell canary.
 */
export const OWASP_RULE_SETS = [
  'sqli-v33-stable',
  'xss-v33-stable',
  'lfi-v33-stable',
  'rfi-v33-stable',
  'rce-v33-stable',
  'methodenforcement-v33-stable',
  'scannerdetection-v33-stable',
  'protocolattack-v33-stable',
  'php-v33-stable',
  'sessionfixation-v33-stable',
  'java-v33-stable',
  'nodejs-v33-stable',
  'cve-canary',
] as const;

export interface CloudArmorPolicyProps {
  /** Project the security policy is created in. */
  readonly project: string;
  /** Security policy name (unique per project). */
  readonly name: string;
  /** Preconfigured WAF sensitivity, 1 (fewest false positives) to 4 (most signatures); every OWASP rule set is enforced at it. */
  readonly wafSensitivity: number;
  /** Requests allowed per client IP per interval; beyond that Cloud Armor answers 429. */
  readonly rateLimitRequests: number;
  /** Window of the rate limit in seconds; one of the intervals Cloud Armor accepts (config RATE_LIMIT_INTERVALS). */
  readonly rateLimitIntervalSec: number;
}

const DEFAULT_RULE_PRIORITY = 2147483647;

/** WAF rules for every OWASP rule set at the chosen sensitivity; denies with 403. Pure, for tests. */
export function wafRules(sensitivity: number): ComputeSecurityPolicyRule[] {
  return OWASP_RULE_SETS.map((ruleSet, index) => ({
    priority: 1000 + index * 10,
    action: 'deny(403)',
    preview: false,
    description: `OWASP: ${ruleSet} at sensitivity ${sensitivity}`,
    match: { expr: { expression: `evaluatePreconfiguredWaf('${ruleSet}', {'sensitivity': ${sensitivity}})` } },
  }));
}

/**
 * A Cloud Armor backend security policy: per-IP rate limiting, the OWASP preconfigured WAF rules,
 * Adaptive Protection (ML-based layer-7 DDoS detection, Google's counterpart of Shield Advanced's
 * automatic mitigation), verbose request logging and JSON body inspection.
 */
export class CloudArmorPolicy extends Construct {
  readonly policy: ComputeSecurityPolicy;
  /** The policy's name as written (request log entries carry it in jsonPayload.enforcedSecurityPolicy.name). */
  readonly name: string;

  constructor(scope: Construct, id: string, props: CloudArmorPolicyProps) {
    super(scope, id);
    this.name = props.name;
    if (!Number.isInteger(props.wafSensitivity) || props.wafSensitivity < 1 || props.wafSensitivity > 4) {
      throw new Error(`CloudArmorPolicy ${this.node.path}: wafSensitivity must be 1 to 4, got ${props.wafSensitivity}`);
    }
    const rules: ComputeSecurityPolicyRule[] = [
      {
        priority: 100,
        action: 'throttle',
        preview: false,
        description: `Rate limit: ${props.rateLimitRequests} requests per ${props.rateLimitIntervalSec}s per client IP`,
        match: { versionedExpr: 'SRC_IPS_V1', config: { srcIpRanges: ['*'] } },
        rateLimitOptions: {
          conformAction: 'allow',
          exceedAction: 'deny(429)',
          enforceOnKey: 'IP',
          rateLimitThreshold: { count: props.rateLimitRequests, intervalSec: props.rateLimitIntervalSec },
        },
      },
      ...wafRules(props.wafSensitivity),
      {
        priority: DEFAULT_RULE_PRIORITY,
        action: 'allow',
        description: 'Default rule: traffic that passed the rate limit and the WAF',
        match: { versionedExpr: 'SRC_IPS_V1', config: { srcIpRanges: ['*'] } },
      },
    ];
    this.policy = new ComputeSecurityPolicy(this, 'policy', {
      project: props.project,
      name: props.name,
      type: 'CLOUD_ARMOR',
      description: 'Rampart recordings edge: OWASP WAF, rate limiting, Adaptive Protection',
      adaptiveProtectionConfig: { layer7DdosDefenseConfig: { enable: true, ruleVisibility: 'STANDARD' } },
      advancedOptionsConfig: { jsonParsing: 'STANDARD', logLevel: 'VERBOSE' },
      rule: rules,
    });
  }
}
