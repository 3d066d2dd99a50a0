#!/usr/bin/env bash
# Post-deploy check of one stack, run by each pipeline wave's check step (lib/stacks/pipeline/wave-steps.ts):
#   bash bin/wave-check.sh <account> <region> <cloudformation-stack-name>
# Reads the stack through the account's CDK lookup role (cdk bootstrap --trust-for-lookup <deployment
# account>: read-only) and fails unless it is in a complete, non-rollback state with termination protection.
set -euo pipefail
account="$1" region="$2" stack="$3"
role="arn:aws:iam::${account}:role/cdk-hnb659fds-lookup-role-${account}-${region}"
read -r AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN < <(aws sts assume-role --role-arn "$role" \
  --role-session-name rampart-wave-check --query 'Credentials.[AccessKeyId,SecretAccessKey,SessionToken]' --output text)
export AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN
read -r status protection < <(aws cloudformation describe-stacks --region "$region" --stack-name "$stack" \
  --query 'Stacks[0].[StackStatus,EnableTerminationProtection]' --output text)
case "$status" in
  CREATE_COMPLETE | UPDATE_COMPLETE | IMPORT_COMPLETE) ;;
  *) echo "wave check: ${stack} (${account}/${region}) is ${status}, expected CREATE_COMPLETE, UPDATE_COMPLETE or IMPORT_COMPLETE" >&2; exit 1 ;;
esac
if [ "$protection" != "True" ]; then
  echo "wave check: ${stack} (${account}/${region}) has no termination protection" >&2
  exit 1
fi
echo "wave check: ${stack} (${account}/${region}) ${status}, termination protection on"
