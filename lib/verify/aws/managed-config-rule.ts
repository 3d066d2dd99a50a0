import { absent, observe, pointer, type EvidenceKind } from '../evidence';
import type { CheckContext, Evidence } from '../types';
import { isObject, resources } from './template';

/**
 * Evidence that the stack holds the AWS managed Config rule `identifier` (Source.Owner AWS): the
 * MFA rules of ACCESS-MFA, Inspector's of VULN-SCAN, Macie's discovery rule of DETECT-SENSITIVE-DATA.
 */
export function managedConfigRuleEvidence(context: CheckContext, kind: EvidenceKind, identifier: string): Evidence {
  const rule = resources(context.stack, 'AWS::Config::ConfigRule').find(
    (r) => isObject(r.props.Source) && r.props.Source.Owner === 'AWS' && r.props.Source.SourceIdentifier === identifier,
  );
  if (rule === undefined) return absent(context, kind);
  return observe(context, kind, { resource: rule.id, pointer: pointer('Resources', rule.id, 'Properties', 'Source') }, identifier, true);
}
