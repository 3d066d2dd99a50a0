import { Template } from 'aws-cdk-lib/assertions';
import { RampartKey } from '../../../lib/constructs/keys/rampart-key';
import { FIREWALL_MANAGED_RULE_GROUPS, NetworkFirewall, NetworkFirewallProps } from '../../../lib/constructs/network/network-firewall';
import { RampartVpc } from '../../../lib/constructs/network/rampart-vpc';
import { NagRuleCompliance } from 'cdk-nag';
import { FirewallDropByDefault } from '../../../lib/nag/rules/FirewallDropByDefault';
import { FirewallProtection } from '../../../lib/nag/rules/FirewallProtection';
import { testStack, unacknowledgedFindings } from '../../helpers';

type Resources = Record<string, { Type: string; Properties: any; DeletionPolicy?: string; UpdateReplacePolicy?: string }>;

function build(props: Partial<NetworkFirewallProps> = {}) {
  const stack = testStack();
  const key = new RampartKey(stack, 'LogsKey', { alias: 'alias/t/logs', description: 'test', viaServices: ['logs'] }).key;
  const network = new RampartVpc(stack, 'Network', { flowLogKey: key });
  const firewall = new NetworkFirewall(stack, 'Egress', { network, egressAllowlist: ['.example-saas.com', 'api.stripe.com'], logKey: key, ...props });
  const resources = Template.fromStack(stack).toJSON().Resources as Resources;
  const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
  const route = (prefix: string) =>
    ofType('AWS::EC2::Route')
      .filter(([id]) => id.startsWith(prefix))
      .map(([, r]) => r.Properties);
  return { stack, firewall, resources, ofType, route };
}

/** `Fn::Select [1, Fn::Split [":", Fn::Select [0, GetAtt <fw>.EndpointIds]]]` -> `<fw>`. */
function firewallOfEndpoint(endpoint: any): string {
  return endpoint['Fn::Select'][1]['Fn::Split'][1]['Fn::Select'][1]['Fn::GetAtt'][0];
}

describe('NetworkFirewall', () => {
  describe('GIVEN a three-AZ network with one NAT gateway per AZ', () => {
    const { stack, firewall, resources, ofType, route } = build();
    const firewalls = ofType('AWS::NetworkFirewall::Firewall');
    const firewallIdOfSubnet = (n: number) =>
      firewalls.find(([, f]) => f.Properties.SubnetMappings[0].SubnetId.Ref.startsWith(`NetworkVpcFirewallSubnet${n}`))![0];
    const natOf = (n: number) => ({ Ref: expect.stringMatching(new RegExp(`^NetworkVpcNatSubnet${n}NATGateway`)) });

    test('THEN there is one firewall per AZ, each in its dedicated firewall subnet, all sharing one policy', () => {
      expect(firewalls).toHaveLength(3);
      expect(firewall.endpointIds).toHaveLength(3);
      for (const [, f] of firewalls) {
        expect(f.Properties.SubnetMappings).toHaveLength(1);
        expect(f.Properties.SubnetMappings[0].SubnetId.Ref).toMatch(/^NetworkVpcFirewallSubnet\d/);
        expect(f.Properties.FirewallPolicyArn).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^EgressPolicy/), 'FirewallPolicyArn'] });
      }
    });

    test('THEN delete, subnet-change and policy-change protection are on', () => {
      for (const [, f] of firewalls) {
        expect(f.Properties).toMatchObject({ DeleteProtection: true, SubnetChangeProtection: true, FirewallPolicyChangeProtection: true });
      }
    });

    test('THEN each private subnet sends its default route to the firewall endpoint of its own AZ', () => {
      for (const n of [1, 2, 3]) {
        const [privateDefault] = route(`NetworkVpcPrivateSubnet${n}DefaultRoute`);
        expect(privateDefault.DestinationCidrBlock).toBe('0.0.0.0/0');
        expect(privateDefault.NatGatewayId).toBeUndefined();
        expect(firewallOfEndpoint(privateDefault.VpcEndpointId)).toBe(firewallIdOfSubnet(n));
      }
    });

    test('THEN each firewall subnet routes to the NAT gateway of its AZ, and that NAT subnet returns replies through the same endpoint', () => {
      for (const n of [1, 2, 3]) {
        expect(route(`NetworkVpcFirewallSubnet${n}DefaultRoute`)).toEqual([
          {
            DestinationCidrBlock: '0.0.0.0/0',
            NatGatewayId: natOf(n),
            RouteTableId: { Ref: expect.stringMatching(`^NetworkVpcFirewallSubnet${n}RouteTable`) },
          },
        ]);
        const [back] = route(`NetworkVpcNatSubnet${n}ReturnToPrivateSubnet${n}`);
        const privateCidr = ofType('AWS::EC2::Subnet').find(([id]) => id.startsWith(`NetworkVpcPrivateSubnet${n}Subnet`))![1].Properties.CidrBlock;
        expect(back.DestinationCidrBlock).toBe(privateCidr);
        expect(firewallOfEndpoint(back.VpcEndpointId)).toBe(firewallIdOfSubnet(n));
      }
    });

    test('THEN the load-balancer subnets keep only their internet route (inbound app traffic is not hairpinned)', () => {
      for (const n of [1, 2, 3]) expect(route(`NetworkVpcPublicSubnet${n}`)).toEqual([expect.objectContaining({ GatewayId: expect.anything() })]);
    });

    test('THEN the policy uses strict order, forwards all stateless traffic, and drops and alerts on unmatched established flows', () => {
      const [[, policy]] = ofType('AWS::NetworkFirewall::FirewallPolicy');
      expect(policy.Properties.FirewallPolicy).toMatchObject({
        StatelessDefaultActions: ['aws:forward_to_sfe'],
        StatelessFragmentDefaultActions: ['aws:forward_to_sfe'],
        StatefulEngineOptions: { RuleOrder: 'STRICT_ORDER', StreamExceptionPolicy: 'DROP' },
        StatefulDefaultActions: ['aws:drop_established', 'aws:alert_established'],
      });
    });

    test('THEN AWS-managed threat signature groups come first, then the allowlist', () => {
      const [[, policy]] = ofType('AWS::NetworkFirewall::FirewallPolicy');
      const refs = policy.Properties.FirewallPolicy.StatefulRuleGroupReferences;
      expect(refs.slice(0, -1).map((r: any) => r.ResourceArn)).toEqual(
        FIREWALL_MANAGED_RULE_GROUPS.map((name) => `arn:aws:network-firewall:us-east-1:aws-managed:stateful-rulegroup/${name}`),
      );
      expect(refs.at(-1)).toEqual({
        Priority: 1000,
        ResourceArn: { 'Fn::GetAtt': [expect.stringMatching(/^EgressEgressAllowlist/), 'RuleGroupArn'] },
      });
      const priorities = refs.map((r: any) => r.Priority);
      expect([...priorities].sort((a: number, b: number) => a - b)).toEqual(priorities);
      expect(refs.some((r: any) => JSON.stringify(r).includes('ThreatSignatures'))).toBe(true);
    });

    test('THEN the allowlist passes only the configured domains, by TLS SNI only (never plain HTTP), in strict order', () => {
      const [[, group]] = ofType('AWS::NetworkFirewall::RuleGroup');
      expect(group.Properties).toMatchObject({
        Type: 'STATEFUL',
        Capacity: 1000,
        RuleGroup: {
          RulesSource: {
            RulesSourceList: {
              GeneratedRulesType: 'ALLOWLIST',
              TargetTypes: ['TLS_SNI'],
              Targets: ['.example-saas.com', 'api.stripe.com'],
            },
          },
          StatefulRuleOptions: { RuleOrder: 'STRICT_ORDER' },
        },
      });
      expect(JSON.stringify(group)).not.toContain('HTTP_HOST');
    });

    test('THEN every firewall logs ALERT and FLOW to KMS-encrypted, retained log groups with pinned ids', () => {
      const configs = ofType('AWS::NetworkFirewall::LoggingConfiguration');
      expect(configs).toHaveLength(3);
      for (const [, c] of configs) {
        expect(c.Properties.LoggingConfiguration.LogDestinationConfigs).toEqual([
          { LogType: 'ALERT', LogDestinationType: 'CloudWatchLogs', LogDestination: { logGroup: { Ref: 'EgressAlertLogs' } } },
          { LogType: 'FLOW', LogDestinationType: 'CloudWatchLogs', LogDestination: { logGroup: { Ref: 'EgressFlowLogs' } } },
        ]);
      }
      for (const id of ['EgressAlertLogs', 'EgressFlowLogs']) {
        expect(resources[id]).toMatchObject({
          DeletionPolicy: 'Retain',
          UpdateReplacePolicy: 'Retain',
          Properties: { KmsKeyId: { 'Fn::GetAtt': ['LogsKey', 'Arn'] }, RetentionInDays: 365 },
        });
      }
    });

    test('THEN Rampart-FirewallDropByDefault and Rampart-FirewallProtection hold', () => {
      expect(FirewallDropByDefault.check(firewall.policy)).toBe(NagRuleCompliance.COMPLIANT);
      for (const f of firewall.firewalls) expect(FirewallProtection.check(f)).toBe(NagRuleCompliance.COMPLIANT);
    });

    test('THEN no validation pack has an unacknowledged finding', () => {
      expect(unacknowledgedFindings(stack)).toEqual([]);
    });
  });

  test('GIVEN an empty allowlist WHEN synthesized THEN there is no allowlist group and all egress falls to the default drop', () => {
    const { ofType, firewall } = build({ egressAllowlist: [] });
    expect(firewall.allowlist).toBeUndefined();
    expect(ofType('AWS::NetworkFirewall::RuleGroup')).toEqual([]);
    const [[, policy]] = ofType('AWS::NetworkFirewall::FirewallPolicy');
    expect(policy.Properties.FirewallPolicy.StatefulDefaultActions).toContain('aws:drop_established');
  });

  test('GIVEN an allowlist entry that is not a domain WHEN constructed THEN it throws naming egressAllowlist and the entry', () => {
    expect(() => build({ egressAllowlist: ['*.example.com'] })).toThrow(
      'egressAllowlist entries must be domains such as "example.com" or ".example.com", got ["*.example.com"]',
    );
  });

  test('GIVEN more domains than the rule group capacity WHEN constructed THEN it throws naming egressAllowlist', () => {
    const many = Array.from({ length: 1001 }, (_, i) => `d${i}.example.com`);
    expect(() => build({ egressAllowlist: many })).toThrow('egressAllowlist may hold at most 1000 domains, got 1001');
  });

  test.each([
    ['.amazonaws.com', 'covers every AWS service endpoint under amazonaws.com'],
    ['.amazonaws.com.cn', 'covers every AWS service endpoint under amazonaws.com.cn'],
    ['.api.aws', 'covers every AWS service endpoint under api.aws'],
    ['.eu-west-1.amazonaws.com', 'covers every name under eu-west-1.amazonaws.com'],
    ['.s3.amazonaws.com', 'covers every name under s3.amazonaws.com'],
    ['s3.us-east-1.amazonaws.com', 'is an S3 service endpoint'],
    ['s3-accesspoint.us-east-1.amazonaws.com', 'is an S3 service endpoint'],
  ])('GIVEN the allowlist entry %s WHEN constructed THEN it throws: it %s (exfiltration to any account)', (entry, reason) => {
    expect(() => build({ egressAllowlist: ['api.stripe.com', entry] })).toThrow(`egressAllowlist entry ${JSON.stringify(entry)} ${reason}`);
    expect(() => build({ egressAllowlist: [entry] })).toThrow("any AWS account's bucket or API (exfiltration through AWS itself)");
  });

  test('GIVEN a named AWS endpoint and one bucket by name WHEN synthesized THEN both are allowed (exact names only)', () => {
    const { ofType } = build({ egressAllowlist: ['sts.us-east-1.amazonaws.com', 'my-bucket.s3.us-east-1.amazonaws.com'] });
    const [[, group]] = ofType('AWS::NetworkFirewall::RuleGroup');
    expect(group.Properties.RuleGroup.RulesSource.RulesSourceList.Targets).toEqual([
      'sts.us-east-1.amazonaws.com',
      'my-bucket.s3.us-east-1.amazonaws.com',
    ]);
  });
});
