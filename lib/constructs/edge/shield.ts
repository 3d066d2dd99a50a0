import { CfnResource, Stack } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as shield from 'aws-cdk-lib/aws-shield';
import { Construct, IConstruct } from 'constructs';
import { acknowledge } from '../../nag/acknowledge';
import { reasonOf, Weakening } from '../../plan/weakening';

/** A public endpoint to protect: its ARN, and the construct that receives the acknowledgment when Shield Advanced is off. */
export interface ShieldEndpoint {
  /** Short name, unique within the construct: becomes the protection's name and construct id. */
  readonly name: string;
  readonly resourceArn: string;
  /** The endpoint's construct (L2 or L1), e.g. the load balancer. */
  readonly resource: IConstruct;
  /**
   * The public name the endpoint serves (its certificate's). Shield Advanced's health-based detection
   * watches a Route 53 health check of it: HTTPS with SNI on 443, so an attack is detected sooner and
   * with fewer false positives when the application's health degrades.
   */
  readonly domainName: string;
}

export function shieldEndpointOfLoadBalancer(name: string, loadBalancer: elbv2.ApplicationLoadBalancer, domainName: string): ShieldEndpoint {
  return { name, resourceArn: loadBalancer.loadBalancerArn, resource: loadBalancer, domainName };
}

/** Route 53's checkers probe every 30 seconds; three failures in a row mark the endpoint unhealthy. */
const HEALTH_CHECK = { requestIntervalSeconds: 30, failureThreshold: 3, path: '/' } as const;

/** The reason the platform stack records on each public endpoint when Shield Advanced is switched off in the config. */
export const SHIELD_OFF_REASON =
  'shieldAdvanced: false in config. This account has no Shield Advanced subscription; the endpoint relies on Shield Standard and its WAF rate-based rule.';

/**
 * Records, on the endpoint itself (its L1 resource), that Shield Advanced is deliberately off and
 * why: the only accepted way to leave a public endpoint without an `AWS::Shield::Protection`.
 */
export function acknowledgeShieldAdvancedOff(endpoint: IConstruct, reason: string): void {
  const target = endpoint.node.defaultChild instanceof CfnResource ? endpoint.node.defaultChild : endpoint;
  acknowledge(target, 'Rampart-ShieldOnPublicEndpoint', reason);
}

export interface ShieldProtectionProps {
  /** The public endpoints: at least one. */
  readonly endpoints: readonly ShieldEndpoint[];
  /** Protection group id (letters, digits, `-`, `_`), unique in the account. */
  readonly protectionGroupId: string;
  /**
   * Shield Advanced is off (the account has no subscription; the stack passes `SHIELD_OFF_REASON`
   * when the config says `shieldAdvanced: false`): nothing is created and each endpoint carries the
   * reason as the acknowledgment of Rampart-ShieldOnPublicEndpoint.
   * @default - Shield Advanced protects every endpoint
   */
  readonly withoutShieldAdvanced?: Weakening;
}

/**
 * Shield Advanced protection for every public endpoint (control DDOS): one `AWS::Shield::Protection`
 * each, with application-layer automatic mitigation that BLOCKS (not just counts) on the ALBs (they
 * also carry a WAF web ACL), and a protection group over all of them whose traffic is aggregated by
 * MEAN (the members are the ALBs of one service, sharing load evenly).
 *
 * Prerequisite: an active Shield Advanced subscription in the account (an organization-level,
 * one-year commitment that CloudFormation cannot create). Without it the deployment fails; set
 * `shieldAdvanced: false` in the config instead, which is then recorded on each endpoint.
 */
export class ShieldProtection extends Construct {
  public readonly protections: shield.CfnProtection[] = [];
  public readonly group?: shield.CfnProtectionGroup;

  constructor(scope: Construct, id: string, props: ShieldProtectionProps) {
    super(scope, id);
    if (props.endpoints.length === 0) {
      throw new Error(`ShieldProtection ${this.node.path}: endpoints must name at least one public endpoint, got []`);
    }
    if (!/^[A-Za-z0-9_-]{1,36}$/.test(props.protectionGroupId)) {
      throw new Error(
        `ShieldProtection ${this.node.path}: protectionGroupId must be 1..36 letters, digits, "-" or "_", got "${props.protectionGroupId}"`,
      );
    }
    const names = props.endpoints.map((e) => e.name);
    const duplicate = names.find((n, i) => names.indexOf(n) !== i);
    if (duplicate !== undefined) {
      throw new Error(`ShieldProtection ${this.node.path}: endpoints[].name must be unique, got "${duplicate}" twice`);
    }
    if (props.withoutShieldAdvanced !== undefined) {
      const reason = reasonOf(`ShieldProtection ${this.node.path}`, 'withoutShieldAdvanced', props.withoutShieldAdvanced);
      for (const endpoint of props.endpoints) acknowledgeShieldAdvancedOff(endpoint.resource, reason);
      return;
    }
    for (const endpoint of props.endpoints) {
      const health = new route53.CfnHealthCheck(this, `${endpoint.name}Health`, {
        healthCheckConfig: {
          type: 'HTTPS',
          fullyQualifiedDomainName: endpoint.domainName,
          port: 443,
          resourcePath: HEALTH_CHECK.path,
          enableSni: true,
          requestInterval: HEALTH_CHECK.requestIntervalSeconds,
          failureThreshold: HEALTH_CHECK.failureThreshold,
        },
        healthCheckTags: [{ key: 'Name', value: `${endpoint.name} (${endpoint.domainName}) for Shield Advanced` }],
      });
      this.protections.push(
        new shield.CfnProtection(this, endpoint.name, {
          name: endpoint.name,
          resourceArn: endpoint.resourceArn,
          applicationLayerAutomaticResponseConfiguration: { status: 'ENABLED', action: { block: {} } },
          // Health-based detection: Route 53 health check ARNs have no region or account.
          healthCheckArns: [`arn:${Stack.of(this).partition}:route53:::healthcheck/${health.attrHealthCheckId}`],
        }),
      );
    }
    this.group = new shield.CfnProtectionGroup(this, 'Group', {
      protectionGroupId: props.protectionGroupId,
      aggregation: 'MEAN',
      pattern: 'ARBITRARY',
      members: props.endpoints.map((e) => e.resourceArn),
    });
    // Members must be protected before the group can list them.
    for (const protection of this.protections) this.group.node.addDependency(protection);
  }
}
