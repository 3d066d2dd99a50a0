import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { RampartRule } from '../rule';
import { resolvedProperties } from '../resolve';

/** Headers that carry credentials or session tokens. */
export const HEADERS_TO_REDACT = ['authorization', 'cookie'] as const;

/**
 * WAF: WAF logs never hold credentials or session cookies. Every `AWS::WAFv2::LoggingConfiguration`
 * redacts the Authorization and Cookie headers (header names are case-insensitive). The public
 * packs only check that logging exists.
 */
export const WafLoggingRedaction: RampartRule = {
  id: 'WafLoggingRedaction',
  controls: ['WAF'],
  info: 'The WAF logging configuration does not redact the authorization and cookie headers.',
  explanation:
    'WAF logs record full request headers; without redaction they hold bearer tokens and session cookies of every user. Add RedactedFields [{ SingleHeader: { Name: "authorization" } }, { SingleHeader: { Name: "cookie" } }] (WebAcl does).',
  check(resource: CfnResource) {
    if (resource.cfnResourceType !== 'AWS::WAFv2::LoggingConfiguration') return NagRuleCompliance.NOT_APPLICABLE;
    const fields = resolvedProperties(resource).RedactedFields;
    const redacted = new Set(
      (Array.isArray(fields) ? fields : [])
        .map((f) => (f as { SingleHeader?: { Name?: unknown } })?.SingleHeader?.Name)
        .filter((n): n is string => typeof n === 'string')
        .map((n) => n.toLowerCase()),
    );
    return HEADERS_TO_REDACT.every((h) => redacted.has(h)) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
};
