import { partitionOf } from '../../lib/config/regions';
import { backupVaultArn, breakGlassRoleName, iamPolicyArn, iamRoleArn } from '../../lib/plan/naming';

describe('GIVEN the ARNs the plan writes into templates', () => {
  test('WHEN a region is commercial, Chinese or GovCloud THEN its partition is the one AWS::Partition resolves to there', () => {
    expect(['us-east-1', 'eu-west-1', 'cn-north-1', 'us-gov-west-1'].map(partitionOf)).toEqual(['aws', 'aws', 'aws-cn', 'aws-us-gov']);
  });

  test('THEN role, policy and vault ARNs carry the partition they are given or their region has', () => {
    expect(iamRoleArn('111111111111', 'r', 'aws-cn')).toBe('arn:aws-cn:iam::111111111111:role/r');
    expect(iamPolicyArn('111111111111', 'p', 'aws-us-gov')).toBe('arn:aws-us-gov:iam::111111111111:policy/p');
    expect(backupVaultArn('cn-north-1', '111111111111', 'v')).toBe('arn:aws-cn:backup:cn-north-1:111111111111:backup-vault:v');
  });

  test('THEN the break-glass role is <org>-<env>-break-glass', () => {
    expect(breakGlassRoleName({ organization: 'example-saas', environment: 'prod' })).toBe('example-saas-prod-break-glass');
  });
});
