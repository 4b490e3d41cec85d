#!/usr/bin/env bash
# Submits one day of flow logs to AWS Batch: an array job of N shards, then a merge job that
# starts only after every child of the array has succeeded.
#
#   deploy/aws-batch/submit.sh 2026-11-01            # 8 shards
#   deploy/aws-batch/submit.sh 2026-11-01 16         # 16 shards
#
# Needs the AWS CLI v2, GNU date, and the two job definitions registered once:
#   aws batch register-job-definition --cli-input-json file://deploy/aws-batch/job-definition.json
#   aws batch register-job-definition --cli-input-json file://deploy/aws-batch/merge-job-definition.json
# Environment: FLOWANALYTICS_JOB_QUEUE (default flowanalytics), FLOWANALYTICS_OUTPUT
# (default s3://my-flowanalytics-output).
set -euo pipefail

day=${1:?usage: submit.sh YYYY-MM-DD [shards]}
shards=${2:-8}
queue=${FLOWANALYTICS_JOB_QUEUE:-flowanalytics}
output=${FLOWANALYTICS_OUTPUT:-s3://my-flowanalytics-output}

if ! next=$(date -u -d "${day} + 1 day" +%F 2>/dev/null) || [ "$(date -u -d "${day}" +%F 2>/dev/null)" != "${day}" ]; then
  echo "submit.sh: '${day}' is not a date like 2026-11-01" >&2
  exit 1
fi
if ! [[ ${shards} =~ ^[1-9][0-9]*$ ]] || [ "${shards}" -lt 2 ] || [ "${shards}" -gt 10000 ]; then
  # Batch array jobs have 2 to 10,000 children.
  echo "submit.sh: shards must be a whole number from 2 to 10000 (got '${shards}')" >&2
  exit 1
fi

partials="${output}/partials/"
summaries="${output}/summaries/"

# Every child gets the same command; AWS Batch sets AWS_BATCH_JOB_ARRAY_INDEX (0..N-1) in each,
# and `run --shards N` takes its shard index from it. The source and inventory keep the job
# definition's defaults.
array_job=$(aws batch submit-job \
  --job-name "flowanalytics-shards-${day}" \
  --job-queue "${queue}" \
  --job-definition flowanalytics-shard \
  --array-properties "size=${shards}" \
  --parameters "{\"out\":\"${partials}\",\"from\":\"${day}\",\"to\":\"${next}\",\"shards\":\"${shards}\"}" \
  --query jobId --output text)
echo "array job ${array_job}: ${shards} shards of ${day} -> ${partials}"

# A dependency on the array job's id (no type) waits for all of its children; if any child fails
# for good, Batch fails this job instead of running it.
merge_job=$(aws batch submit-job \
  --job-name "flowanalytics-merge-${day}" \
  --job-queue "${queue}" \
  --job-definition flowanalytics-merge \
  --depends-on "jobId=${array_job}" \
  --parameters "{\"partials\":\"${partials}\",\"out\":\"${summaries}\"}" \
  --query jobId --output text)
echo "merge job ${merge_job}: ${partials} -> ${summaries} after ${array_job}"
