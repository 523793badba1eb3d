#!/usr/bin/env python3
"""Runs the shell steps of examples/ci/*.yml the way GitHub Actions and GitLab CI would,
on this machine, so that tests/e2e/ci_examples_test.sh can check the examples work as
written. Also checks their structure (what cannot run here: `uses:` actions, GitLab's
resource_group and artifacts).

    ci_pipeline.py check-github FILE
    ci_pipeline.py check-gitlab FILE
    ci_pipeline.py github FILE --event pull_request|push --ref REF --workspace DIR
                   [--secret NAME=VALUE]... [--env NAME=VALUE]... [--skip STEP-NAME-PREFIX]
    ci_pipeline.py gitlab FILE --source merge_request_event|push --branch B --default-branch B
                   --workspace DIR [--var NAME=VALUE]... [--skip-line TEXT]

Only the conditions the examples use are understood; any other makes the run fail, so an
example cannot drift into something this harness silently ignores.
"""
import argparse
import os
import re
import subprocess
import sys

import yaml


def fail(message):
    print(f"ci_pipeline: {message}", file=sys.stderr)
    sys.exit(1)


def pairs(items):
    out = {}
    for item in items or []:
        name, _, value = item.partition("=")
        out[name] = value
    return out


def reported(path, problems):
    for p in problems:
        print(f"{path}: the example no longer {p}", file=sys.stderr)
    return 1 if problems else 0


# ---- GitHub Actions --------------------------------------------------------------------------
def github_condition(text, event, ref):
    known = {
        "always()": True,
        "github.event_name == 'pull_request'": event == "pull_request",
        "github.event_name == 'push' && github.ref == 'refs/heads/main'": event == "push" and ref == "refs/heads/main",
        "github.ref == 'refs/heads/main'": ref == "refs/heads/main",
    }
    if text is None:
        return True
    text = str(text).strip()
    if text.startswith("${{") and text.endswith("}}"):
        text = text[3:-2].strip()
    if text not in known:
        fail(f"unknown GitHub condition: {text!r}")
    return known[text]


def github_expand(value, secrets, run_id="1"):
    def one(match):
        expr = match.group(1).strip()
        if expr.startswith("secrets."):
            return secrets.get(expr[len("secrets."):], "")
        if expr == "github.run_id":
            return run_id
        fail(f"unknown GitHub expression: {expr!r}")
    return re.sub(r"\$\{\{(.*?)\}\}", one, str(value))


def load(path):
    with open(path) as f:
        return yaml.safe_load(f)


def github_job(doc):
    jobs = doc.get("jobs") or {}
    if len(jobs) != 1:
        fail("the GitHub example should have one job")
    return next(iter(jobs.values()))


def check_github(path):
    doc = load(path)
    problems = []
    on = doc.get(True, doc.get("on"))  # YAML 1.1 reads the key `on` as true
    if "pull_request" not in on or "main" not in (on.get("push") or {}).get("branches", []):
        problems.append("runs on pull requests and pushes to main")
    job = github_job(doc)
    steps = job["steps"]
    runs = "\n".join(s.get("run", "") for s in steps)
    if not any("Install" in s.get("name", "") for s in steps):
        problems.append("has an install step")
    if "altinity-deploy validate" not in runs:
        problems.append("validates")
    plan = [s for s in steps if "plan --detailed-exitcode" in s.get("run", "")]
    if not plan or plan[0].get("if") != "github.event_name == 'pull_request'" or "GITHUB_STEP_SUMMARY" not in plan[0]["run"]:
        problems.append("plans with --detailed-exitcode on pull requests into the job summary")
    up = [s for s in steps if "altinity-deploy up" in s.get("run", "")]
    if not up or "--output json" not in up[0]["run"] or "refs/heads/main" not in str(up[0].get("if")):
        problems.append("runs `up --output json` on main only")
    upload = [s for s in steps if str(s.get("uses", "")).startswith("actions/upload-artifact")]
    if not upload or upload[0].get("if") != "always()":
        problems.append("uploads the artifacts with if: always()")
    kube = [s for s in steps if "secrets." in str(s.get("env", {}))]
    if not kube or "mktemp" not in kube[0].get("run", "") or "GITHUB_ENV" not in kube[0]["run"]:
        problems.append("writes the kubeconfig secret to a mktemp (0600) file")
    if not (job.get("concurrency") or doc.get("concurrency")):
        problems.append("lets one deploy run at a time (concurrency)")
    return reported(path, problems)


def run_github(args):
    doc = load(args.file)
    job = github_job(doc)
    workspace = args.workspace
    state = os.path.join(workspace, ".github-state")
    os.makedirs(state, exist_ok=True)
    files = {name: os.path.join(state, name) for name in ("env", "path", "summary")}
    for f in files.values():
        open(f, "a").close()
    secrets = pairs(args.secret)
    base_env = dict(os.environ)
    base_env.update({k: github_expand(v, secrets) for k, v in (doc.get("env") or {}).items()})
    base_env.update(pairs(args.env))
    base_env.update({
        "GITHUB_ENV": files["env"], "GITHUB_PATH": files["path"], "GITHUB_STEP_SUMMARY": files["summary"],
        "GITHUB_WORKSPACE": workspace, "RUNNER_TEMP": os.path.join(workspace, ".runner-temp"),
        "GITHUB_EVENT_NAME": args.event, "GITHUB_REF": args.ref, "CI": "true",
    })
    os.makedirs(base_env["RUNNER_TEMP"], exist_ok=True)
    failed = False
    for step in job["steps"]:
        name = step.get("name") or step.get("uses") or step.get("run", "").splitlines()[0]
        condition = step.get("if")
        wanted = github_condition(condition, args.event, args.ref) if condition != "always()" else True
        if failed and condition != "always()":
            wanted = False
        if not wanted:
            print(f"-- skipped: {name}")
            continue
        if "uses" in step:
            print(f"-- not run here (an action): {name}")
            continue
        if any(name.startswith(prefix) for prefix in args.skip or []):
            print(f"-- replaced by the test: {name}")
            continue
        env = dict(base_env)
        with open(files["env"]) as f:
            env.update(pairs(line.rstrip("\n") for line in f if "=" in line))
        with open(files["path"]) as f:
            extra = [line.strip() for line in f if line.strip()]
        env["PATH"] = ":".join(list(reversed(extra)) + [env["PATH"]])
        env.update({k: github_expand(v, secrets) for k, v in (step.get("env") or {}).items()})
        print(f"-- run: {name}")
        code = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
                              cwd=workspace, env=env).returncode
        if code != 0:
            print(f"-- step failed with exit {code}: {name}")
            failed = True
    return 1 if failed else 0


# ---- GitLab CI ---------------------------------------------------------------------------------
def gitlab_rule(rule, variables):
    text = rule.get("if", "")
    known = {
        '$CI_PIPELINE_SOURCE == "merge_request_event"': variables["CI_PIPELINE_SOURCE"] == "merge_request_event",
        "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH":
            bool(variables.get("CI_COMMIT_BRANCH")) and variables.get("CI_COMMIT_BRANCH") == variables["CI_DEFAULT_BRANCH"],
    }
    if text not in known:
        fail(f"unknown GitLab rule: {text!r}")
    return known[text]


def gitlab_runs(rules, variables):
    return rules is None or any(gitlab_rule(r, variables) for r in rules)


RESERVED = {"stages", "variables", "default", "workflow", "include", "image", "before_script", "after_script"}


def gitlab_jobs(doc):
    return {name: job for name, job in doc.items() if name not in RESERVED and isinstance(job, dict)}


def check_gitlab(path):
    doc = load(path)
    jobs = gitlab_jobs(doc)
    problems = []
    if doc.get("stages") != ["validate", "plan", "deploy"]:
        problems.append("has the stages validate, plan, deploy")
    before = "\n".join((doc.get("default") or {}).get("before_script", []))
    if "curl" not in before or "mktemp" not in before:
        problems.append("installs the binary and writes the kubeconfig to a mktemp (0600) file")
    plan = next((j for j in jobs.values() if "plan --detailed-exitcode" in "\n".join(j.get("script", []))), None)
    if not plan or "plan.txt" not in (plan.get("artifacts") or {}).get("paths", []):
        problems.append("keeps the plan as an artifact")
    deploy = next((j for j in jobs.values() if "altinity-deploy up" in "\n".join(j.get("script", []))), None)
    if not deploy or deploy.get("rules") != [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]:
        problems.append("deploys on the default branch only")
    if not deploy or not deploy.get("resource_group"):
        problems.append("has a resource_group on the deploy job")
    if not deploy or (deploy.get("artifacts") or {}).get("when") != "always":
        problems.append("keeps the deploy's artifacts when it fails")
    return reported(path, problems)


def run_gitlab(args):
    doc = load(args.file)
    variables = {"CI_PIPELINE_SOURCE": args.source, "CI_DEFAULT_BRANCH": args.default_branch,
                 "CI_PROJECT_DIR": args.workspace, "CI": "true"}
    if args.source != "merge_request_event":
        variables["CI_COMMIT_BRANCH"] = args.branch
    if not gitlab_runs((doc.get("workflow") or {}).get("rules"), variables):
        print("-- the workflow rules start no pipeline")
        return 0
    env = dict(os.environ)
    env.update({k: str(v) for k, v in (doc.get("variables") or {}).items()})
    env.update(variables)
    env.update(pairs(args.var))
    before = (doc.get("default") or {}).get("before_script", [])
    jobs = gitlab_jobs(doc)
    for stage in doc["stages"]:
        for name, job in jobs.items():
            if job.get("stage") != stage or not gitlab_runs(job.get("rules"), variables):
                continue
            lines = [line for line in before + job["script"]
                     if not any(skip in line for skip in args.skip_line or [])]
            print(f"-- job {name} (stage {stage})")
            # POSIX sh (dash), not bash: GitLab images often have only busybox sh.
            code = subprocess.run(["sh", "-e", "-c", "\n".join(lines)], cwd=args.workspace, env=env).returncode
            if code != 0:
                print(f"-- job {name} failed with exit {code}")
                return 1
    return 0


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("check-github", "check-gitlab"):
        sub.add_parser(name).add_argument("file")
    gh = sub.add_parser("github")
    gh.add_argument("file")
    gh.add_argument("--event", required=True)
    gh.add_argument("--ref", required=True)
    gh.add_argument("--workspace", required=True)
    gh.add_argument("--secret", action="append")
    gh.add_argument("--env", action="append")
    gh.add_argument("--skip", action="append")
    gl = sub.add_parser("gitlab")
    gl.add_argument("file")
    gl.add_argument("--source", required=True)
    gl.add_argument("--branch", default="main")
    gl.add_argument("--default-branch", default="main")
    gl.add_argument("--workspace", required=True)
    gl.add_argument("--var", action="append")
    gl.add_argument("--skip-line", action="append")
    args = parser.parse_args()
    if args.command == "check-github":
        return check_github(args.file)
    if args.command == "check-gitlab":
        return check_gitlab(args.file)
    if args.command == "github":
        return run_github(args)
    return run_gitlab(args)


if __name__ == "__main__":
    sys.exit(main())
