#!/usr/bin/env bash
# The end of the first deployment pipeline (lib/stacks/pipeline/offboarding-stages.ts), run in the
# CodeBuild project of its last wave's check, with the repository at the synthesized commit and the
# new assembly in ./cdk.out:
#   bash bin/offboarding-step.sh detect     after the last wave's check: which tenants the new assembly drops
#   bash bin/offboarding-step.sh sign-off   after the offboarding approval: the signed-off runbook, kept
#   bash bin/offboarding-step.sh keep       last: the new assembly becomes the next run's base
# Environment: DEPLOYED_ASSEMBLY (s3:// of the last deployed assembly); for sign-off also APPROVED_TENANTS
# (what the approver saw), OFFBOARDING_RECORDS (s3:// prefix of the records), PIPELINE_NAME,
# PIPELINE_EXECUTION_ID and APPROVAL_ACTION. Nothing here calls a tenant's account: the runbook's
# commands delete keys and empty buckets there, and they are run by a person with that account's
# credentials, in the runbook's order (docs/offboarding.md).
set -euo pipefail
mode="$1"
mkdir -p offboarding

if [ "$mode" = keep ]; then
  aws s3 sync cdk.out "$DEPLOYED_ASSEMBLY" --delete --only-show-errors
  echo "offboarding: the new assembly is now the deployed one ($DEPLOYED_ASSEMBLY)"
  exit 0
fi

# The deployed assembly is replaced only by the keep step, after the offboarding stage: a run whose
# offboarding is rejected or fails keeps the old base, so the next run finds the same tenants again.
aws s3 sync "$DEPLOYED_ASSEMBLY" deployed-assembly --only-show-errors
if [ -f deployed-assembly/manifest.json ]; then
  npm run --silent tenant:offboard -- --assembly deployed-assembly --absent-from cdk.out \
    --out offboarding/runbook.md --tenants-out offboarding/tenants.txt
else
  echo "offboarding: no deployed assembly yet (first run), so no tenant leaves"
  echo none > offboarding/tenants.txt
fi
tenants="$(cat offboarding/tenants.txt)"

case "$mode" in
  detect)
    if [ "$tenants" = none ]; then
      echo "offboarding: every tenant of the deployed assembly is still in the new one; the offboarding stage is skipped"
    else
      echo "offboarding: tenants leaving: $tenants. The offboarding stage waits for an approval naming them (runbook above)."
    fi
    ;;
  sign-off)
    if [ "$tenants" != "$APPROVED_TENANTS" ]; then
      echo "offboarding: the approval named '$APPROVED_TENANTS' but the assemblies now drop '$tenants': nothing signed off" >&2
      exit 1
    fi
    # Who approved, when, with which comment: CodePipeline's record of the approval action in this run.
    aws codepipeline list-action-executions --pipeline-name "$PIPELINE_NAME" \
      --filter "pipelineExecutionId=$PIPELINE_EXECUTION_ID" \
      --query "actionExecutionDetails[?actionName=='$APPROVAL_ACTION']" --output json > offboarding/approval.json
    cat offboarding/approval.json
    grep -q '"Succeeded"' offboarding/approval.json || { echo "offboarding: no approved $APPROVAL_ACTION in this run" >&2; exit 1; }
    records="${OFFBOARDING_RECORDS%/}/$PIPELINE_EXECUTION_ID/"
    aws s3 cp offboarding "$records" --recursive --only-show-errors
    echo "offboarding: runbook of $tenants signed off and kept at $records (runbook.md, approval.json, tenants.txt)."
    echo "offboarding: nothing was run in the tenant's account: run the runbook's steps there, in order, and file their outputs."
    ;;
  *)
    echo "usage: bash bin/offboarding-step.sh detect|sign-off|keep" >&2
    exit 2
    ;;
esac
