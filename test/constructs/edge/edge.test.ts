import { Template } from 'aws-cdk-lib/assertions';
import { PublicIngress, PublicIngressProps } from '../../../lib/constructs/edge/public-ingress';
import { SHIELD_OFF_REASON, ShieldProtection, shieldEndpointOfLoadBalancer } from '../../../lib/constructs/edge/shield';
import { MANAGED_RULE_GROUPS, WebAcl, WebAclProps } from '../../../lib/constructs/edge/web-acl';
import { acknowledgmentsUnder } from '../../helpers';
import { platformFixture } from './fixture';
import { unacknowledgedFindings } from '../../helpers';

type Resources = Record<string, { Type: string; Properties: any; DeletionPolicy?: string; UpdateReplacePolicy?: string }>;

function build(opts: { shield?: boolean; ingress?: Partial<PublicIngressProps>; waf?: Partial<WebAclProps> } = {}) {
  const f = platformFixture();
  const ingress = new PublicIngress(f.stack, 'Ingress', {
    vpc: f.vpc,
    domainName: 'app.example.com',
    accessLogsBucket: f.archive.accessLogsBucket,
    ...opts.ingress,
  });
  const waf = new WebAcl(f.stack, 'Waf', {
    name: 'platform',
    rateLimitPer5Minutes: 2000,
    logsKey: f.keys.logs,
    associatedResourceArns: [ingress.loadBalancer.loadBalancerArn],
    ...opts.waf,
  });
  const shield = new ShieldProtection(f.stack, 'Shield', {
    endpoints: [shieldEndpointOfLoadBalancer('ingress', ingress.loadBalancer, 'app.example.com')],
    protectionGroupId: 'platform-public',
    withoutShieldAdvanced: opts.shield === false ? { reason: SHIELD_OFF_REASON } : undefined,
  });
  const template = Template.fromStack(f.stack);
  const resources = template.toJSON().Resources as Resources;
  const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
  return { ...f, ingress, waf, shield, template, resources, ofType };
}

describe('Edge: PublicIngress + WebAcl + ShieldProtection', () => {
  describe('GIVEN the defaults with Shield Advanced on', () => {
    const { stack, resources, ofType, template } = build();
    const [[albId, alb]] = ofType('AWS::ElasticLoadBalancingV2::LoadBalancer');
    const listeners = ofType('AWS::ElasticLoadBalancingV2::Listener').map(([, l]) => l.Properties);
    const https = listeners.find((l) => l.Protocol === 'HTTPS');
    const http = listeners.find((l) => l.Protocol === 'HTTP');
    const attrs = Object.fromEntries((alb.Properties.LoadBalancerAttributes as { Key: string; Value: string }[]).map((a) => [a.Key, a.Value]));
    const [[, acl]] = ofType('AWS::WAFv2::WebACL');

    test('THEN the ALB is internet-facing in the public subnets', () => {
      expect(alb.Properties.Scheme).toBe('internet-facing');
      expect(alb.Properties.Subnets).toEqual([
        { Ref: expect.stringMatching(/^Vpcpublic.*Subnet1/) },
        { Ref: expect.stringMatching(/^Vpcpublic.*Subnet2/) },
      ]);
    });

    test('THEN it drops invalid headers, mitigates desync strictly and cannot be deleted', () => {
      expect(attrs['routing.http.drop_invalid_header_fields.enabled']).toBe('true');
      expect(attrs['deletion_protection.enabled']).toBe('true');
      expect(attrs['routing.http.desync_mitigation_mode']).toBe('strictest');
    });

    test('THEN access logs go to the access-log bucket under a prefix, which the regional ELB account may write', () => {
      expect(attrs['access_logs.s3.enabled']).toBe('true');
      expect(attrs['access_logs.s3.bucket']).toEqual({ Ref: 'LogArchiveAccessLogs' });
      expect(attrs['access_logs.s3.prefix']).toBe('alb/Ingress');
      const policy = Object.values(resources).find((r) => r.Type === 'AWS::S3::BucketPolicy' && r.Properties.Bucket.Ref === 'LogArchiveAccessLogs')!;
      expect(JSON.stringify(policy.Properties.PolicyDocument)).toContain('arn:aws:iam::127311923021:root'); // ELB account of us-east-1
      expect(JSON.stringify(policy.Properties.PolicyDocument)).toContain('alb/Ingress/AWSLogs/111111111111/*');
    });

    test('THEN HTTPS uses the TLS 1.3 policy and the ACM certificate', () => {
      expect(https.Port).toBe(443);
      expect(https.SslPolicy).toBe('ELBSecurityPolicy-TLS13-1-2-2021-06');
      expect(https.Certificates).toEqual([{ CertificateArn: { Ref: expect.stringMatching(/^IngressCertificate/) } }]);
    });

    test('THEN HTTP only answers with a permanent redirect to HTTPS', () => {
      expect(http.Port).toBe(80);
      expect(http.DefaultActions).toEqual([{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } }]);
    });

    test('THEN the certificate is DNS-validated without any hosted zone lookup', () => {
      template.hasResourceProperties('AWS::CertificateManager::Certificate', { DomainName: 'app.example.com', ValidationMethod: 'DNS' });
      expect(JSON.stringify(ofType('AWS::CertificateManager::Certificate'))).not.toContain('HostedZoneId');
    });

    test('THEN the ALB security group admits only 443 and 80 and has no default egress', () => {
      const [[, sg]] = ofType('AWS::EC2::SecurityGroup').filter(([id]) => id.startsWith('IngressSecurityGroup'));
      expect(sg.Properties.SecurityGroupIngress.map((r: any) => [r.CidrIp, r.FromPort, r.ToPort])).toEqual([
        ['0.0.0.0/0', 443, 443],
        ['0.0.0.0/0', 80, 80],
      ]);
      expect(sg.Properties.SecurityGroupEgress).toEqual([
        expect.objectContaining({ CidrIp: '255.255.255.255/32', Description: 'Disallow all traffic' }),
      ]);
    });

    test('THEN the web ACL is regional, allows by default and runs the rate limit then the five managed groups, all with metrics', () => {
      expect(acl.Properties.Scope).toBe('REGIONAL');
      expect(acl.Properties.DefaultAction).toEqual({ Allow: {} });
      const rules = acl.Properties.Rules as any[];
      expect(rules.map((r) => r.Name)).toEqual(['RateLimitPerIp', ...MANAGED_RULE_GROUPS]);
      expect(rules[0]).toMatchObject({ Action: { Block: {} }, Statement: { RateBasedStatement: { Limit: 2000, AggregateKeyType: 'IP' } } });
      for (const rule of rules) expect(rule.VisibilityConfig).toMatchObject({ CloudWatchMetricsEnabled: true, SampledRequestsEnabled: true });
      expect(rules.map((r) => r.Priority)).toEqual([0, 1, 2, 3, 4, 5]);
    });

    test('THEN the web ACL is associated with the ALB', () => {
      template.hasResourceProperties('AWS::WAFv2::WebACLAssociation', { ResourceArn: { Ref: albId } });
    });

    test('THEN WAF logs go to a KMS-encrypted, retained aws-waf-logs- group with authorization and cookie redacted', () => {
      const [[, group]] = ofType('AWS::Logs::LogGroup').filter(([id]) => id === 'WafLogs');
      expect(group).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
      expect(group.Properties).toMatchObject({
        LogGroupName: 'aws-waf-logs-platform',
        RetentionInDays: 365,
        KmsKeyId: { 'Fn::GetAtt': ['LogsKey', 'Arn'] },
      });
      const [[, logging]] = ofType('AWS::WAFv2::LoggingConfiguration');
      expect(logging.Properties.RedactedFields).toEqual([{ SingleHeader: { Name: 'authorization' } }, { SingleHeader: { Name: 'cookie' } }]);
      expect(JSON.stringify(logging.Properties.LogDestinationConfigs)).toContain(':log-group:aws-waf-logs-platform"');
    });

    test('THEN the ALB has a Shield protection that blocks application-layer attacks, in a protection group', () => {
      template.hasResourceProperties('AWS::Shield::Protection', {
        ResourceArn: { Ref: albId },
        ApplicationLayerAutomaticResponseConfiguration: { Status: 'ENABLED', Action: { Block: {} } },
      });
      template.hasResourceProperties('AWS::Shield::ProtectionGroup', { Aggregation: 'MEAN', Pattern: 'ARBITRARY', Members: [{ Ref: albId }] });
      const [[protectionId]] = ofType('AWS::Shield::Protection');
      expect(ofType('AWS::Shield::ProtectionGroup')[0][1]).toMatchObject({ DependsOn: [protectionId] });
    });

    test('THEN the protection watches an HTTPS Route 53 health check of the public name (health-based detection)', () => {
      const [[healthId, health]] = ofType('AWS::Route53::HealthCheck');
      expect(health.Properties.HealthCheckConfig).toEqual({
        Type: 'HTTPS',
        FullyQualifiedDomainName: 'app.example.com',
        Port: 443,
        ResourcePath: '/',
        EnableSNI: true,
        RequestInterval: 30,
        FailureThreshold: 3,
      });
      const [[, protection]] = ofType('AWS::Shield::Protection');
      expect(JSON.stringify(protection.Properties.HealthCheckArns)).toContain(healthId);
    });

    test('THEN no validation pack (edge rules included) has an unacknowledged finding', () => {
      expect(unacknowledgedFindings(stack)).toEqual([]);
    });
  });

  describe('GIVEN Shield Advanced off and custom WAF rules', () => {
    const { stack, ofType, ingress } = build({
      shield: false,
      waf: { blockedCidrs: ['203.0.113.0/24'], blockedCountries: ['KP'], rateLimitPer5Minutes: 500 },
    });

    test('THEN no Shield resource exists and the load balancer records why', () => {
      expect(ofType('AWS::Shield::Protection')).toEqual([]);
      expect(ofType('AWS::Shield::ProtectionGroup')).toEqual([]);
      expect(ofType('AWS::Route53::HealthCheck')).toEqual([]);
      expect(acknowledgmentsUnder(ingress.loadBalancer).filter((a) => a.id.includes('Shield'))).toEqual([
        { path: 'Test/Ingress/LoadBalancer/Resource', id: 'Rampart::Rampart-ShieldOnPublicEndpoint', reason: SHIELD_OFF_REASON },
      ]);
      expect(SHIELD_OFF_REASON.startsWith('shieldAdvanced: false in config')).toBe(true);
    });

    test('THEN blocked CIDRs (IP set) and countries are blocked before the rate limit', () => {
      const [[ipSetId, ipSet]] = ofType('AWS::WAFv2::IPSet');
      expect(ipSet.Properties).toMatchObject({ Scope: 'REGIONAL', IPAddressVersion: 'IPV4', Addresses: ['203.0.113.0/24'] });
      // CloudFormation's pattern for WAF descriptions (no parentheses): caught by CloudFormation Validate.
      expect(ipSet.Properties.Description).toMatch(/^[a-zA-Z0-9=:#@/\-,.][a-zA-Z0-9+=:#@/\-,.\s]+[a-zA-Z0-9+=:#@/\-,.]{1,256}$/);
      const rules = ofType('AWS::WAFv2::WebACL')[0][1].Properties.Rules as any[];
      expect(rules.slice(0, 3).map((r) => [r.Name, r.Priority, r.Action])).toEqual([
        ['BlockedCidrs', 0, { Block: {} }],
        ['BlockedCountries', 1, { Block: {} }],
        ['RateLimitPerIp', 2, { Block: {} }],
      ]);
      expect(rules[0].Statement).toEqual({ IPSetReferenceStatement: { Arn: { 'Fn::GetAtt': [ipSetId, 'Arn'] } } });
      expect(rules[1].Statement).toEqual({ GeoMatchStatement: { CountryCodes: ['KP'] } });
      expect(rules[2].Statement.RateBasedStatement.Limit).toBe(500);
    });

    test('THEN every pack passes, the Shield rule through the acknowledgment', () => {
      expect(unacknowledgedFindings(stack)).toEqual([]);
    });
  });

  describe('GIVEN invalid props WHEN constructed THEN it throws naming the prop and value', () => {
    const f = platformFixture();
    const base = { vpc: f.vpc, domainName: 'app.example.com', accessLogsBucket: f.archive.accessLogsBucket };
    test('PublicIngress domainName', () => {
      expect(() => new PublicIngress(f.stack, 'BadDomain', { ...base, domainName: 'App.Example.com' })).toThrow(
        'domainName must be a lowercase DNS hostname such as "app.example.com", got "App.Example.com"',
      );
    });
    const acl = { name: 'x', rateLimitPer5Minutes: 2000, logsKey: f.keys.logs };
    test.each([
      [{ name: 'has space' }, 'name must be 1..100 letters, digits, "-" or "_", got "has space"'],
      [{ rateLimitPer5Minutes: 5 }, 'rateLimitPer5Minutes must be a whole number from 10 to 2000000000, got 5'],
      [{ blockedCidrs: ['10.0.0.0'] }, 'blockedCidrs must hold IPv4 CIDR blocks such as "203.0.113.0/24", got "10.0.0.0"'],
      [{ blockedCountries: ['kp'] }, 'blockedCountries must hold ISO 3166-1 alpha-2 codes such as "KP", got "kp"'],
    ])('WebAcl %j', (bad, message) => {
      expect(() => new WebAcl(f.stack, `W${JSON.stringify(bad).replace(/\W/g, '')}`, { ...acl, ...bad })).toThrow(message);
    });
    const ep = {
      name: 'a',
      resourceArn: 'arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/app/a/1',
      resource: f.vpc,
      domainName: 'a.example.com',
    };
    test.each([
      [{ endpoints: [] }, 'endpoints must name at least one public endpoint, got []'],
      [{ protectionGroupId: 'no spaces please' }, 'protectionGroupId must be 1..36 letters, digits, "-" or "_", got "no spaces please"'],
      [{ endpoints: [ep, ep] }, 'endpoints[].name must be unique, got "a" twice'],
    ])('ShieldProtection %#', (bad, message) => {
      expect(() => new ShieldProtection(f.stack, `S${Math.random()}`, { endpoints: [ep], protectionGroupId: 'g', ...bad })).toThrow(message);
    });
    test('ShieldProtection withoutShieldAdvanced with a blank reason', () => {
      expect(
        () => new ShieldProtection(f.stack, 'NoReason', { endpoints: [ep], protectionGroupId: 'g', withoutShieldAdvanced: { reason: '' } }),
      ).toThrow('ShieldProtection Test/NoReason: withoutShieldAdvanced.reason must explain the exception in at least 40 characters, got ""');
    });
  });
});
