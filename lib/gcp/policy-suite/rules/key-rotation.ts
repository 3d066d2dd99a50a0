import { PolicyRule } from '../types';
import { DAY_SECONDS, durationSeconds, get, reporter, resources } from '../tfjson';

/** Every key is a symmetric AES-256 key that rotates automatically at least every policy.keyRotation.gcpMaxDays. */
export const keyRotation: PolicyRule = {
  id: 'GCP-KEY-ROTATION',
  controls: ['KEY-ROTATE'],
  description: 'Every Cloud KMS key is ENCRYPT_DECRYPT / GOOGLE_SYMMETRIC_ENCRYPTION (AES-256-GCM), rotation_period <= policy.keyRotation.gcpMaxDays',
  check(stack, _all, policy) {
    const report = reporter(this.id, stack);
    const maxDays = policy.keyRotation.gcpMaxDays;
    return resources(stack, 'google_kms_crypto_key').flatMap(({ address, block }) => {
      const findings = [];
      const rotation = durationSeconds(block.rotation_period);
      if (rotation === undefined) findings.push(report(address, 'has no automatic rotation (rotation_period missing)'));
      else if (rotation > maxDays * DAY_SECONDS) {
        findings.push(report(address, `rotates every ${rotation / DAY_SECONDS} days; policy.keyRotation.gcpMaxDays allows at most ${maxDays}`));
      }
      if (block.purpose !== undefined && block.purpose !== 'ENCRYPT_DECRYPT')
        findings.push(report(address, `has purpose ${block.purpose}; expected ENCRYPT_DECRYPT`));
      const algorithm = get(block, 'version_template', 'algorithm');
      if (algorithm !== undefined && algorithm !== 'GOOGLE_SYMMETRIC_ENCRYPTION') {
        findings.push(report(address, `uses algorithm ${algorithm}; expected GOOGLE_SYMMETRIC_ENCRYPTION (AES-256-GCM)`));
      }
      if (block.import_only === true) findings.push(report(address, 'is import-only: Cloud KMS cannot rotate it automatically'));
      return findings;
    });
  },
};
