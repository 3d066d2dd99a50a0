import type { AwsRegion } from './regions';

/**
 * NET-ISOLATION: the id of the AWS-managed prefix list `com.amazonaws.<region>.s3` (S3's addresses
 * in the region, the destinations of the S3 gateway endpoint's route) per region, so the enclave's
 * task security group and each platform's tenant schema provisioner can send HTTPS to S3 only, by
 * that list, with no lookup at synth:
 * CloudFormation has no way to resolve a managed prefix list by name, and a lookup would need
 * credentials and hide the id from the reviewed template.
 *
 * AWS-managed prefix lists have one id per region, the same in every account. These defaults are
 * the ids published for the regions below; regions without a default (the id was not confirmed
 * from two independent sources) must be named in `s3PrefixLists.<region>`. A first deploy confirms
 * the id in the target account: `aws ec2 describe-managed-prefix-lists --region <region>
 * --filters Name=prefix-list-name,Values=com.amazonaws.<region>.s3 --query 'PrefixLists[].PrefixListId'`
 * and sets `s3PrefixLists.<region>` where it differs (README, "First deploy").
 */
export const DEFAULT_S3_PREFIX_LISTS: Partial<Record<AwsRegion, string>> = {
  'us-east-1': 'pl-63a5400a',
  'us-east-2': 'pl-7ba54012',
  'us-west-1': 'pl-6ba54002',
  'us-west-2': 'pl-68a54001',
  'eu-west-1': 'pl-6da54004',
  'eu-central-1': 'pl-6ea54007',
  // No ap-south-1: the id once listed for it, pl-78a54011, is the one a route table names as
  // com.amazonaws.ap-northeast-2.s3, and one id cannot be both (config must name it there).
  'ap-northeast-1': 'pl-61a54008',
  'ap-northeast-2': 'pl-78a54011',
  'ap-southeast-1': 'pl-6fa54006',
  'ap-southeast-2': 'pl-6ca54005',
  'sa-east-1': 'pl-6aa54003',
};

/** A managed prefix list id as EC2 prints it: `pl-` and 8 or 17 hexadecimal digits. */
export const PREFIX_LIST_ID = /^pl-([0-9a-f]{8}|[0-9a-f]{17})$/;

/** The S3 prefix list of `region`: the config's `s3PrefixLists.<region>`, else the default, else none. */
export function s3PrefixListOf(region: string, overrides: Readonly<Record<string, string | undefined>> | undefined): string | undefined {
  return overrides?.[region] ?? DEFAULT_S3_PREFIX_LISTS[region as AwsRegion];
}

/**
 * The S3 prefix list a plan needs in `region`, for `who` (named in the error). Config validation
 * requires one wherever a plan needs one (s3PrefixLists.<region>); a plan never guesses, and a config
 * that skipped validation fails here rather than deploy without its S3 route.
 */
export function requiredS3PrefixList(region: string, overrides: Readonly<Record<string, string | undefined>> | undefined, who: string): string {
  const id = s3PrefixListOf(region, overrides);
  if (id === undefined) throw new Error(`${who}: no S3 prefix list for ${region}; set s3PrefixLists.${region}`);
  return id;
}
