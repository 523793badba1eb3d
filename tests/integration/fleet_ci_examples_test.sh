#!/usr/bin/env bash
# examples/ci/*-fleet.yml: one job per wave (dev, then prod, which `needs:` dev), the shard
# count each job declares (GitHub's matrix, GitLab's parallel:) and the deployer lines it runs,
# taken from the files themselves. Run over examples/fleet with every shard index (offline:
# validate -l env=WAVE --list), each wave's shards cover its targets exactly once. (A real matrix run needs GitHub or GitLab; tests/e2e/fleet_test.sh
# deploys a fleet with the same flags against two local clusters.)
source "$(dirname "$0")/lib.sh"

# wave_jobs FILE: one JSON line per job of the example that runs the deployer:
# {"job", "count" (the shard count of its matrix or parallel:), "wave" (its WAVE variable),
# "needs" (the jobs it waits for), "lines" (its `altinity-deploy ...` lines)}; GitLab's
# `extends:` resolved.
wave_jobs() {
  python3 - "$1" <<'PY'
import json, sys, yaml
doc = yaml.safe_load(open(sys.argv[1]))
jobs = doc.get("jobs", doc)
def resolved(job):
    base = jobs.get(job.get("extends", ""), {}) if isinstance(job, dict) else {}
    return {**base, **job}
for name, job in jobs.items():
    if not isinstance(job, dict) or name.startswith("."):
        continue
    job = resolved(job)
    if "strategy" in job:                      # GitHub Actions
        count = len(job["strategy"]["matrix"]["shard"])
        lines = [s["run"] for s in job["steps"] if "altinity-deploy" in str(s.get("run", ""))]
    elif "parallel" in job:                    # GitLab CI
        count = job["parallel"]
        lines = [l for l in job["script"] if l.startswith("altinity-deploy")]
    else:
        continue
    needs = job.get("needs", [])
    print(json.dumps({"job": name, "count": count, "wave": (job.get("env") or job.get("variables") or {}).get("WAVE"),
                      "needs": [needs] if isinstance(needs, str) else needs, "lines": lines}))
PY
}

for example in "$REPO"/examples/ci/github-actions-fleet.yml "$REPO"/examples/ci/gitlab-ci-fleet.yml; do
  begin "$(basename "$example"): one job per wave, dev before prod, each wave's shards cover its targets exactly once"
  mapfile -t jobs < <(wave_jobs "$example")
  [ "${#jobs[@]}" = 2 ] || fail_now "expected two wave jobs, found ${#jobs[@]}"
  [ "$(jq -r .wave <<<"${jobs[0]}") $(jq -r .wave <<<"${jobs[1]}")" = "dev prod" ] || fail_now "the waves are not dev then prod"
  jq -e --arg dev "$(jq -r .job <<<"${jobs[0]}")" '.needs | index($dev)' <<<"${jobs[1]}" > /dev/null \
    || fail_now "the prod job does not need the dev job"
  : > "$SCRATCH/all"
  for job in "${jobs[@]}"; do
    count=$(jq -r .count <<<"$job")
    wave=$(jq -r .wave <<<"$job")
    [ "$count" -ge 2 ] 2>/dev/null || fail_now "no shard count found (got '$count')"
    list_line=$(jq -r '.lines[] | select(contains("--list"))' <<<"$job" | head -n 1)
    [ -n "$list_line" ] || fail_now "no --list line"
    jq -r '.lines[]' <<<"$job" | grep -q -- 'up -f fleet/ -l "env=$WAVE" --shard' || fail_now "no sharded up line for its wave"
    : > "$SCRATCH/wave"
    for k in $(seq 1 "$count"); do
      # The example's own line, with this job's index and wave and the test's fleet folder.
      words=$(sed -e "s/\${{ matrix.shard }}/$k/; s/\${{ strategy.job-total }}/$count/; s/\$CI_NODE_INDEX/$k/; s/\$CI_NODE_TOTAL/$count/; s/\$WAVE/$wave/; s/\"//g" \
                  -e "s#fleet/#$REPO/examples/fleet/#" <<<"${list_line#altinity-deploy }")
      # shellcheck disable=SC2086  # the example's words, split as the CI shell would
      run_deployer $words
      expect_code 0
      awk 'NR > 1 { print $NF }' "$SCRATCH/out" >> "$SCRATCH/wave"
    done
    expected=$(grep -l "^  env: $wave\$" "$REPO"/examples/fleet/*.yaml | sort)
    [ "$(sort "$SCRATCH/wave")" = "$expected" ] || fail_now "wave $wave ran $(sort "$SCRATCH/wave" | tr '\n' ' '), expected each of $(tr '\n' ' ' <<<"$expected") once"
    cat "$SCRATCH/wave" >> "$SCRATCH/all"
  done
  expected=$(ls "$REPO"/examples/fleet/*.yaml | sort)
  [ "$(sort "$SCRATCH/all")" = "$expected" ] || fail_now "the jobs ran $(sort "$SCRATCH/all" | tr '\n' ' '), expected each of $(tr '\n' ' ' <<<"$expected") once"
  end
done

finish
