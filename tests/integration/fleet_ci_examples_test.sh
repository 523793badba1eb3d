#!/usr/bin/env bash
# examples/ci/*-fleet.yml: the shard count each example declares (GitHub's matrix, GitLab's
# parallel:) and the deployer lines it runs, taken from the files themselves. Run over
# examples/fleet with every shard index (offline: validate --list), the shards cover every
# target exactly once. (A real matrix run needs GitHub or GitLab; tests/e2e/fleet_test.sh
# deploys a fleet with the same flags against two local clusters.)
source "$(dirname "$0")/lib.sh"

# shard_plan FILE: "COUNT" then each `altinity-deploy ...` line of the example, one per line.
shard_plan() {
  python3 - "$1" <<'PY'
import sys, yaml
doc = yaml.safe_load(open(sys.argv[1]))
lines, count = [], None
for name, job in doc.get("jobs", doc).items():
    if not isinstance(job, dict):
        continue
    if "strategy" in job:                      # GitHub Actions
        count = len(job["strategy"]["matrix"]["shard"])
        lines += [s["run"] for s in job["steps"] if "altinity-deploy" in str(s.get("run", ""))]
    if "parallel" in job:                      # GitLab CI
        count = job["parallel"]
        lines += [l for l in job["script"] if l.startswith("altinity-deploy")]
print(count)
for l in lines:
    print(l)
PY
}

for example in "$REPO"/examples/ci/github-actions-fleet.yml "$REPO"/examples/ci/gitlab-ci-fleet.yml; do
  begin "$(basename "$example"): its shards cover examples/fleet exactly once"
  plan=$(shard_plan "$example")
  count=$(head -n 1 <<<"$plan")
  [ "$count" -ge 2 ] 2>/dev/null || fail_now "no shard count found (got '$count')"
  list_line=$(grep -- '--list' <<<"$plan" | head -n 1)
  [ -n "$list_line" ] || fail_now "no --list line"
  grep -q -- 'up -f fleet/ --shard' <<<"$plan" || fail_now "no sharded up line"
  : > "$SCRATCH/all"
  for k in $(seq 1 "$count"); do
    # The example's own line, with this job's index and the test's fleet folder.
    words=$(sed -e "s/\${{ matrix.shard }}/$k/; s/\${{ strategy.job-total }}/$count/; s/\$CI_NODE_INDEX/$k/; s/\$CI_NODE_TOTAL/$count/; s/\"//g" \
                -e "s#fleet/#$REPO/examples/fleet/#" <<<"${list_line#altinity-deploy }")
    # shellcheck disable=SC2086  # the example's words, split as the CI shell would
    run_deployer $words
    expect_code 0
    awk 'NR > 1 { print $NF }' "$SCRATCH/out" >> "$SCRATCH/all"
  done
  expected=$(ls "$REPO"/examples/fleet/*.yaml | sort)
  [ "$(sort "$SCRATCH/all")" = "$expected" ] || fail_now "the shards ran $(sort "$SCRATCH/all" | tr '\n' ' '), expected each of $(tr '\n' ' ' <<<"$expected") once"
  end
done

finish
