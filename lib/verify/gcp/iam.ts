import type { ControlId } from '../../promises/control-ids';
import { GCP_ACL_AND_KEY_TYPES } from '../../promises/gcp-uniform-access';
import { observe, pointer, type EvidenceKind, type Place } from '../evidence';
import type { CheckContext, ControlCheck, Evidence, Json } from '../types';
import { asArray, at, get, isObject, lookup, reference, resolve, resources, str, target, type TfResource } from './terraform';

/** LEAST-PRIV on Google Cloud: who is granted what, on buckets and keys, as the IAM resources of the stack say. */

/**
 * One role granted to members, wherever it is written (an *_iam_member, *_iam_binding or *_iam_policy
 * resource), with where the role and the members sit in the JSON and what is written there.
 */
export interface Grant {
  /** The *_iam_* resource that grants (what it grants on is in its type). */
  readonly grantor: TfResource;
  /** Where the role and members are written: the grantor, or the data.google_iam_policy it reads. */
  readonly resource: TfResource;
  readonly role: string;
  readonly members: readonly string[];
  readonly rolePlace: Place;
  readonly roleValue: Json | undefined;
  readonly memberPlace: Place;
  readonly memberValue: Json | undefined;
}

/** Members that open a resource to anyone. */
export const PUBLIC_MEMBERS = ['allUsers', 'allAuthenticatedUsers'];
/** Google's basic (primitive) roles: whole-project power, never least privilege. */
const BASIC_ROLES = ['roles/owner', 'roles/editor', 'roles/viewer'];
/** Roles a key's users need: encrypt and/or decrypt, nothing administrative. */
const KEY_USE_ROLES = ['roles/cloudkms.cryptoKeyEncrypterDecrypter', 'roles/cloudkms.cryptoKeyEncrypter', 'roles/cloudkms.cryptoKeyDecrypter'];
/** Data sources whose attributes are Google-managed service agents of the project. */
const SERVICE_AGENT_SOURCES = [
  'google_storage_project_service_account',
  'google_storage_transfer_project_service_account',
  'google_logging_project_settings',
  'google_logging_project_cmek_settings',
  'google_bigquery_default_service_account',
];
/** Service agent domains: `gcp-sa-<service>` and the older per-service ones. */
const SERVICE_AGENT_DOMAIN =
  /^(gcp-sa-[a-z0-9-]+|gs-project-accounts|compute-system|storage-transfer-service|container-engine-robot|serverless-robot-prod)$/;
/** Service agent addresses: `service-<project number>@<domain>.iam.gserviceaccount.com` (and `project-` / `cmek-p` forms). */
function isServiceAgentEmail(email: string): boolean {
  const match = /^(?:service-|project-|cmek-p)\d+@([a-z0-9-]+)\.iam\.gserviceaccount\.com$/.exec(email);
  return match !== null && SERVICE_AGENT_DOMAIN.test(match[1]);
}

function strings(value: Json | undefined): string[] {
  return asArray(value).flatMap((v) => (typeof v === 'string' ? [v] : []));
}

/** A grant read from `role` and `members` attributes at `path` of a resource (a binding block, or the resource itself). */
function grantAt(grantor: TfResource, resource: TfResource, path: readonly (string | number)[], memberKey: 'member' | 'members'): Grant {
  const roleValue = get(resource, ...path, 'role');
  const memberValue = get(resource, ...path, memberKey);
  return {
    grantor,
    resource,
    role: str(roleValue) ?? '',
    members: strings(memberValue),
    rolePlace: at(resource, ...path, 'role'),
    roleValue,
    memberPlace: at(resource, ...path, memberKey),
    memberValue,
  };
}

/** Bindings of an *_iam_policy: its `policy_data`, a `data.google_iam_policy` reference or literal JSON. */
function policyBindings(context: CheckContext, resource: TfResource): Grant[] {
  const data = get(resource, 'policy_data');
  const source = resolve(context.stack, data);
  if (source?.type === 'google_iam_policy')
    return asArray(get(source, 'binding')).map((_, index) => grantAt(resource, source, ['binding', index], 'members'));
  let parsed: Json | undefined;
  try {
    parsed = typeof data === 'string' && reference(data) === undefined ? (JSON.parse(data) as Json) : undefined;
  } catch {
    parsed = undefined;
  }
  const place = at(resource, 'policy_data');
  const bindings = isObject(parsed) ? asArray(parsed.bindings) : [];
  // An unreadable policy is one grant nobody can vouch for: no role, no member.
  if (bindings.length === 0)
    return [{ grantor: resource, resource, role: '', members: [], rolePlace: place, roleValue: data, memberPlace: place, memberValue: data }];
  return bindings.map((b) => ({
    grantor: resource,
    resource,
    role: str(lookup(b, ['role']).value) ?? '',
    members: strings(lookup(b, ['members']).value),
    rolePlace: place,
    roleValue: data,
    memberPlace: place,
    memberValue: data,
  }));
}

/** Every grant of the stack. */
export function grants(context: CheckContext): Grant[] {
  return resources(context.stack).flatMap((resource): Grant[] => {
    if (resource.type.endsWith('_iam_member')) return [grantAt(resource, resource, [], 'member')];
    if (resource.type.endsWith('_iam_binding')) return [grantAt(resource, resource, [], 'members')];
    if (resource.type.endsWith('_iam_policy')) return policyBindings(context, resource);
    return [];
  });
}

/** A member that is everyone, or a wildcard. */
export function isOpenMember(member: string): boolean {
  return PUBLIC_MEMBERS.includes(member) || member.replace(/\$\{[^}]*\}/g, '').includes('*');
}

/** Whether a member is one of Google's service agents for the project (never a person or a user-managed account). */
function isServiceAgent(context: CheckContext, member: string): boolean {
  if (!member.startsWith('serviceAccount:')) return false;
  const email = member.slice('serviceAccount:'.length);
  const ref = reference(email);
  if (ref !== undefined) {
    const source = target(context.stack, ref);
    return source !== undefined && (SERVICE_AGENT_SOURCES.includes(source.type) || source.type === 'google_project_service_identity');
  }
  return isServiceAgentEmail(email.replace(/\$\{[^}]*\}/g, '0'));
}

const UNIFORM: EvidenceKind = {
  control: 'LEAST-PRIV',
  kind: 'gcp-bucket-uniform-access',
  subject: 'buckets with uniform bucket-level access',
  expected: 'uniform_bucket_level_access is true (no object ACLs)',
};

export const PUBLIC_ACCESS_PREVENTION: EvidenceKind = {
  control: 'LEAST-PRIV',
  kind: 'gcp-bucket-public-access-prevention',
  subject: 'buckets enforcing public access prevention',
  expected: 'public_access_prevention is "enforced"',
};

const ACLS_AND_KEYS: EvidenceKind = {
  control: 'LEAST-PRIV',
  kind: 'gcp-no-acls-or-hmac-keys',
  subject: 'stacks without storage ACL or HMAC key resources',
  expected: `none of ${GCP_ACL_AND_KEY_TYPES.join(', ')}`,
};

const KEY_USER: EvidenceKind = {
  control: 'LEAST-PRIV',
  kind: 'gcp-kms-key-user',
  subject: 'Cloud KMS grants to a service agent for encryption only',
  expected: `every member is a Google service agent of the project and the role one of ${KEY_USE_ROLES.join(', ')}`,
};

const BASIC_ROLE: EvidenceKind = {
  control: 'LEAST-PRIV',
  kind: 'gcp-iam-no-basic-role',
  subject: 'IAM grants of predefined (not basic) roles',
  expected: `role is none of ${BASIC_ROLES.join(', ')}`,
};

const OPEN_MEMBER: EvidenceKind = {
  control: 'LEAST-PRIV',
  kind: 'gcp-iam-named-members',
  subject: 'IAM grants to named members only',
  expected: `no member is ${PUBLIC_MEMBERS.join(', ')} or a wildcard (*)`,
};

export function bucketAccessEvidence(context: CheckContext, what: EvidenceKind): Evidence[] {
  return resources(context.stack, 'google_storage_bucket').map((bucket) => {
    const value = get(bucket, 'public_access_prevention');
    return observe(context, what, at(bucket, 'public_access_prevention'), value, value === 'enforced');
  });
}

const leastPriv: ControlCheck = (context) => {
  const evidence: Evidence[] = [];
  for (const bucket of resources(context.stack, 'google_storage_bucket')) {
    const value = get(bucket, 'uniform_bucket_level_access');
    evidence.push(observe(context, UNIFORM, at(bucket, 'uniform_bucket_level_access'), value, value === true));
  }
  evidence.push(...bucketAccessEvidence(context, PUBLIC_ACCESS_PREVENTION));
  const forbidden = resources(context.stack, ...GCP_ACL_AND_KEY_TYPES);
  if (forbidden.length === 0) evidence.push(observe(context, ACLS_AND_KEYS, { pointer: pointer('resource') }, undefined, true));
  for (const r of forbidden) evidence.push(observe(context, ACLS_AND_KEYS, at(r), undefined, false, 'contradicted'));
  for (const grant of grants(context)) {
    const onKey = /^google_kms_(crypto_key|key_ring)_iam_/.test(grant.grantor.type);
    if (onKey) {
      const ok = KEY_USE_ROLES.includes(grant.role) && grant.members.length > 0 && grant.members.every((m) => isServiceAgent(context, m));
      const place = KEY_USE_ROLES.includes(grant.role) ? grant.memberPlace : grant.rolePlace;
      evidence.push(observe(context, KEY_USER, place, KEY_USE_ROLES.includes(grant.role) ? grant.memberValue : grant.roleValue, ok));
    }
    const basic = grant.role === '' || BASIC_ROLES.includes(grant.role);
    evidence.push(observe(context, BASIC_ROLE, grant.rolePlace, grant.roleValue, !basic));
    const open = grant.members.length === 0 || grant.members.some(isOpenMember);
    evidence.push(observe(context, OPEN_MEMBER, grant.memberPlace, grant.memberValue, !open));
  }
  return evidence;
};

export const IAM_CHECKS: Partial<Record<ControlId, readonly ControlCheck[]>> = { 'LEAST-PRIV': [leastPriv] };
