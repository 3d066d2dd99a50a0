import { PolicyRule } from '../types';
import { GCP_ACL_AND_KEY_TYPES } from '../../../promises/gcp-uniform-access';
import { allResources, reporter, resources } from '../tfjson';

const PUBLIC_MEMBERS = ['allUsers', 'allAuthenticatedUsers'];

/** No bucket can be public: public access prevention enforced, uniform access, no public IAM members, no ACLs or HMAC keys. */
export const noPublicAccess: PolicyRule = {
  id: 'GCP-NO-PUBLIC',
  controls: ['LEAST-PRIV'],
  description:
    'Buckets enforce public access prevention and uniform bucket-level access; no allUsers / allAuthenticatedUsers grants, ACLs or HMAC keys',
  check(stack) {
    const report = reporter(this.id, stack);
    const findings = resources(stack, 'google_storage_bucket').flatMap(({ address, block }) => [
      ...(block.public_access_prevention === 'enforced'
        ? []
        : [report(address, `public_access_prevention is ${JSON.stringify(block.public_access_prevention ?? 'inherited')}; expected "enforced"`)]),
      ...(block.uniform_bucket_level_access === true ? [] : [report(address, 'uniform_bucket_level_access is off: object ACLs could grant access')]),
    ]);
    for (const { address, block } of allResources(stack)) {
      const type = address.split('.')[0];
      if (GCP_ACL_AND_KEY_TYPES.includes(type)) findings.push(report(address, `${type} is not allowed (use uniform IAM, no ACLs or HMAC keys)`));
      if (/_iam_(member|binding)$/.test(type)) {
        const members = [block.member, ...(Array.isArray(block.members) ? block.members : [])];
        const publicMember = members.find((m) => typeof m === 'string' && PUBLIC_MEMBERS.includes(m));
        if (publicMember !== undefined) findings.push(report(address, `grants ${block.role} to ${publicMember}`));
      }
    }
    return findings;
  },
};
