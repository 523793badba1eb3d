#!/usr/bin/env python3
"""Runs the shell steps of examples/ci/*.yml the way GitHub Actions and GitLab CI would,
on this machine, so that tests/e2e/ci_examples_test.sh can check the examples work as
written. Also checks their structure (what cannot run here: `uses:` actions, GitLab's
resource_group and artifacts).

    ci_pipeline.py check-github FILE
    ci_pipeline.py check-gitlab FILE [--include-root DIR]
    ci_pipeline.py github FILE --event pull_request|push --ref REF --workspace DIR
                   [--secret NAME=VALUE]... [--env NAME=VALUE]... [--skip STEP-NAME-PREFIX]
                   [--setup-action action.yml [--action-context NAME=VALUE]...]
                   (jobs in order, each a fresh runner: its own GITHUB_ENV, GITHUB_PATH and
                   summary under WORKSPACE/.github-state/JOB/; `uses: OWNER/altinity-deploy@vX.Y.Z`
                   runs the given setup action's steps)
    ci_pipeline.py gitlab FILE --source merge_request_event|push --branch B --default-branch B
                   --workspace DIR [--var NAME=VALUE]... [--skip-line TEXT] [--include-root DIR]
                   (include: entries are read from the files under DIR they end with; extends:
                   and hidden .jobs are resolved as GitLab does)
    ci_pipeline.py action action.yml --workspace DIR [--input NAME=VALUE]... [--context NAME=VALUE]...
                   (a composite action's run steps, as a job's `uses:` would run them; the
                   outputs it sets are printed as NAME=VALUE)

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


def github_jobs(doc):
    jobs = doc.get("jobs") or {}
    if not jobs:
        fail("the GitHub example has no jobs")
    return jobs


SETUP_ACTION = re.compile(r"^[\w.-]+/altinity-deploy@v[0-9.]+$")


def check_github(path):
    doc = load(path)
    problems = []
    on = doc.get(True, doc.get("on"))  # YAML 1.1 reads the key `on` as true
    if "pull_request" not in on or "main" not in (on.get("push") or {}).get("branches", []):
        problems.append("runs on pull requests and pushes to main")
    if doc.get("permissions") != {"contents": "read"}:
        problems.append("limits the token (permissions: contents: read)")
    jobs = github_jobs(doc)
    plan_job = next((j for j in jobs.values() if any("plan --detailed-exitcode" in s.get("run", "") for s in j["steps"])), None)
    deploy_job = next((j for j in jobs.values() if any("altinity-deploy up" in s.get("run", "") for s in j["steps"])), None)
    if not plan_job or plan_job.get("if") != "github.event_name == 'pull_request'":
        problems.append("plans in a job of its own, on pull requests")
    if not deploy_job or "refs/heads/main" not in str(deploy_job.get("if")):
        problems.append("deploys in a job of its own, on main only")
    for job in filter(None, (plan_job, deploy_job)):
        steps = job["steps"]
        if not any(SETUP_ACTION.match(str(s.get("uses", ""))) for s in steps):
            problems.append("installs with the setup action (OWNER/altinity-deploy@vX.Y.Z)")
        if "altinity-deploy validate" not in "\n".join(s.get("run", "") for s in steps):
            problems.append("validates")
        kube = [s for s in steps if "secrets." in str(s.get("env", {}))]
        if not kube or "mktemp" not in kube[0].get("run", "") or "GITHUB_ENV" not in kube[0]["run"]:
            problems.append("writes the kubeconfig secret to a mktemp (0600) file")
        upload = [s for s in steps if str(s.get("uses", "")).startswith("actions/upload-artifact")]
        if not upload or upload[0].get("if") != "always()":
            problems.append("uploads its artifacts with if: always()")
    if plan_job:
        plan = [s for s in plan_job["steps"] if "plan --detailed-exitcode" in s.get("run", "")][0]
        if "GITHUB_STEP_SUMMARY" not in plan["run"]:
            problems.append("puts the plan into the job summary")
        upload = [s for s in plan_job["steps"] if str(s.get("uses", "")).startswith("actions/upload-artifact")]
        if not upload or "plan.txt" not in str(upload[0].get("with", {}).get("path")):
            problems.append("keeps the plan as an artifact")
    if deploy_job:
        up = [s for s in deploy_job["steps"] if "altinity-deploy up" in s.get("run", "")][0]
        if "--output json" not in up["run"]:
            problems.append("runs `up --output json`")
        if (deploy_job.get("environment") or {}) != "production" and (deploy_job.get("environment") or {}).get("name") != "production":
            problems.append("deploys in the environment production (its reviewers approve first)")
        if not deploy_job.get("concurrency"):
            problems.append("lets one deploy run at a time (concurrency)")
    return reported(path, problems)


def job_state(workspace, job_name):
    """A job's GITHUB_ENV, GITHUB_PATH and GITHUB_STEP_SUMMARY files: each job is a fresh runner."""
    state = os.path.join(workspace, ".github-state", job_name)
    os.makedirs(state, exist_ok=True)
    files = {name: os.path.join(state, name) for name in ("env", "path", "summary")}
    for f in files.values():
        open(f, "a").close()
    return state, files


def step_env(base_env, files):
    """The environment of a step: the job's, with what earlier steps wrote to GITHUB_ENV and GITHUB_PATH."""
    env = dict(base_env)
    with open(files["env"]) as f:
        env.update(pairs(line.rstrip("\n") for line in f if "=" in line))
    with open(files["path"]) as f:
        extra = [line.strip() for line in f if line.strip()]
    env["PATH"] = ":".join(list(reversed(extra)) + [env["PATH"]])
    return env


def run_bash(script, workspace, env):
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
                          cwd=workspace, env=env).returncode


def run_github(args):
    doc = load(args.file)
    secrets = pairs(args.secret)
    workflow_env = dict(os.environ)
    workflow_env.update({k: github_expand(v, secrets) for k, v in (doc.get("env") or {}).items()})
    workflow_env.update(pairs(args.env))
    failed = False
    for job_name, job in github_jobs(doc).items():
        if not github_condition(job.get("if"), args.event, args.ref):
            print(f"-- job skipped: {job_name}")
            continue
        environment = job.get("environment")
        environment = environment.get("name") if isinstance(environment, dict) else environment
        print(f"-- job {job_name}" + (f" (environment {environment}: its reviewers approved)" if environment else ""))
        state, files = job_state(args.workspace, job_name)
        base_env = dict(workflow_env)
        base_env.update({
            "GITHUB_ENV": files["env"], "GITHUB_PATH": files["path"], "GITHUB_STEP_SUMMARY": files["summary"],
            "GITHUB_WORKSPACE": args.workspace, "RUNNER_TEMP": os.path.join(state, "runner-temp"),
            "GITHUB_EVENT_NAME": args.event, "GITHUB_REF": args.ref, "CI": "true",
        })
        os.makedirs(base_env["RUNNER_TEMP"], exist_ok=True)
        job_failed = False
        for step in job["steps"]:
            name = step.get("name") or step.get("uses") or step.get("run", "").splitlines()[0]
            condition = step.get("if")
            wanted = github_condition(condition, args.event, args.ref) if condition != "always()" else True
            if job_failed and condition != "always()":
                wanted = False
            if not wanted:
                print(f"-- skipped: {name}")
                continue
            if any(name.startswith(prefix) for prefix in args.skip or []):
                print(f"-- replaced by the test: {name}")
                continue
            if "uses" in step and SETUP_ACTION.match(step["uses"]) and args.setup_action:
                print(f"-- run (the setup action, {args.setup_action}): {name}")
                inputs = {k: str(v) for k, v in (step.get("with") or {}).items()}
                code = run_composite(args.setup_action, args.workspace, files, inputs,
                                     pairs(args.action_context), step_env(base_env, files))
            elif "uses" in step:
                print(f"-- not run here (an action): {name}")
                continue
            else:
                env = step_env(base_env, files)
                env.update({k: github_expand(v, secrets) for k, v in (step.get("env") or {}).items()})
                print(f"-- run: {name}", flush=True)
                code = run_bash(step["run"], args.workspace, env)
            if code != 0:
                print(f"-- step failed with exit {code}: {name}")
                job_failed = failed = True
    return 1 if failed else 0


# ---- a composite action (action.yml) --------------------------------------------------------
def run_composite(path, workspace, files, inputs, context_values, base_env):
    """Runs a composite action's run steps; returns the exit code. Prints its outputs as NAME=VALUE."""
    doc = load(path)
    if (doc.get("runs") or {}).get("using") != "composite":
        fail(f"{path} is not a composite action")
    state = os.path.dirname(files["env"])
    context = {f"inputs.{k}": str(v.get("default", "")) for k, v in (doc.get("inputs") or {}).items()}
    context.update({f"inputs.{k}": v for k, v in inputs.items()})
    context.update(context_values)

    def expand(value):
        def one(match):
            expr = match.group(1).strip()
            if expr not in context:
                fail(f"unknown expression in the action: {expr!r}")
            return context[expr]
        return re.sub(r"\$\{\{(.*?)\}\}", one, str(value))

    def condition(text):
        if text is None:
            return True
        m = re.fullmatch(r"\s*([\w.-]+)\s*==\s*'([^']*)'\s*", str(text))
        if not m or m.group(1) not in context:
            fail(f"unknown condition in the action: {text!r}")
        return context[m.group(1)] == m.group(2)

    for step in doc["runs"]["steps"]:
        name = step.get("name") or step.get("uses")
        if not condition(step.get("if")):
            print(f"--   skipped: {name}")
            continue
        if "uses" in step:
            print(f"--   not run here (an action): {name}")
            continue
        if step.get("shell") != "bash":
            fail(f"step {name!r}: a composite run step needs shell: bash")
        output = os.path.join(state, f"output-{step.get('id', 'step')}")
        open(output, "w").close()
        env = dict(base_env)
        env.update({"GITHUB_ENV": files["env"], "GITHUB_PATH": files["path"], "GITHUB_OUTPUT": output,
                    "GITHUB_STEP_SUMMARY": files["summary"], "GITHUB_ACTION_PATH": os.path.dirname(os.path.abspath(path))})
        env.update({k: expand(v) for k, v in (step.get("env") or {}).items()})
        print(f"--   run: {name}", flush=True)
        code = run_bash(expand(step["run"]), workspace, env)
        if code != 0:
            print(f"--   step failed with exit {code}: {name}")
            return code
        with open(output) as f:
            for key, value in pairs(line.rstrip("\n") for line in f if "=" in line).items():
                if "id" in step:
                    context[f"steps.{step['id']}.outputs.{key}"] = value
    for key, spec in (doc.get("outputs") or {}).items():
        print(f"{key}={expand(spec['value'])}")
    return 0


def run_action(args):
    _, files = job_state(args.workspace, "action")
    return run_composite(args.file, args.workspace, files, pairs(args.input), pairs(args.context), dict(os.environ))


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
    return {name: job for name, job in doc.items()
            if name not in RESERVED and not name.startswith(".") and isinstance(job, dict)}


def deep_merge(base, over):
    """GitLab's merge for include and extends: mappings merge key by key, anything else is replaced."""
    out = dict(base)
    for key, value in over.items():
        out[key] = deep_merge(out[key], value) if isinstance(out.get(key), dict) and isinstance(value, dict) else value
    return out


def gitlab_load(path, include_root=None):
    """The pipeline with its includes (each `remote:` or `local:` found under include_root by the
    path it ends with: the template of this repository) and every job's `extends:` resolved."""
    doc = load(path)
    merged = {}
    for entry in doc.get("include") or []:
        ref = entry.get("remote") or entry.get("local") or entry.get("file") if isinstance(entry, dict) else entry
        found = None
        if include_root and ref:
            parts = str(ref).split("/")
            for i in range(len(parts)):
                candidate = os.path.join(include_root, *parts[i:])
                if parts[i:] and os.path.isfile(candidate):
                    found = candidate
                    break
        if not found:
            fail(f"include {ref!r}: not found under {include_root} (give --include-root)")
        merged = deep_merge(merged, load(found))
    merged = deep_merge(merged, {k: v for k, v in doc.items() if k != "include"})
    for name, job in list(merged.items()):
        if isinstance(job, dict) and "extends" in job:
            parents = job["extends"] if isinstance(job["extends"], list) else [job["extends"]]
            base = {}
            for parent in parents:
                if parent not in merged:
                    fail(f"job {name}: extends {parent!r}, which is not defined")
                base = deep_merge(base, merged[parent])
            merged[name] = deep_merge(base, {k: v for k, v in job.items() if k != "extends"})
    return merged


def job_before_script(doc, job):
    return job.get("before_script", (doc.get("default") or {}).get("before_script", []))


def check_gitlab(path, include_root=None):
    doc = gitlab_load(path, include_root)
    jobs = gitlab_jobs(doc)
    problems = []
    if doc.get("stages") != ["validate", "plan", "deploy"]:
        problems.append("has the stages validate, plan, deploy")
    if not jobs or any("sha256sum" not in "\n".join(job_before_script(doc, j)) for j in jobs.values()):
        problems.append("installs the checksum-verified binary in every job (extends: .altinity-deploy)")
    plan = next((j for j in jobs.values() if "plan --detailed-exitcode" in "\n".join(j.get("script", []))), None)
    if not plan or "plan.txt" not in (plan.get("artifacts") or {}).get("paths", []) or (plan.get("artifacts") or {}).get("when") != "always":
        problems.append("keeps the plan as an artifact")
    deploy = next((j for j in jobs.values() if "altinity-deploy up" in "\n".join(j.get("script", []))), None)
    if not deploy or deploy.get("rules") != [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]:
        problems.append("deploys on the default branch only")
    if not deploy or not deploy.get("resource_group"):
        problems.append("has a resource_group on the deploy job")
    if not deploy or (deploy.get("environment") or {}).get("name") != "production":
        problems.append("deploys in the environment production (protected, with approvals)")
    if not deploy or (deploy.get("artifacts") or {}).get("when") != "always":
        problems.append("keeps the deploy's artifacts when it fails")
    for name, job in jobs.items():
        script = "\n".join(job.get("script", []))
        if "KUBECONFIG" in script and 'export KUBECONFIG="$' not in script:
            problems.append(f"takes job {name}'s kubeconfig from a File-type variable")
    return reported(path, problems)


def run_gitlab(args):
    doc = gitlab_load(args.file, args.include_root)
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
    jobs = gitlab_jobs(doc)
    for stage in doc["stages"]:
        for name, job in jobs.items():
            if job.get("stage") != stage or not gitlab_runs(job.get("rules"), variables):
                continue
            lines = [line for line in job_before_script(doc, job) + job["script"]
                     if not any(skip in line for skip in args.skip_line or [])]
            environment = (job.get("environment") or {}).get("name")
            print(f"-- job {name} (stage {stage})" + (f" (environment {environment}: approved)" if environment else ""),
                  flush=True)
            # POSIX sh (dash), not bash: GitLab images often have only busybox sh.
            code = subprocess.run(["sh", "-e", "-c", "\n".join(lines)], cwd=args.workspace, env=env).returncode
            if code != 0:
                print(f"-- job {name} failed with exit {code}")
                return 1
    return 0


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("check-github").add_argument("file")
    check_gl = sub.add_parser("check-gitlab")
    check_gl.add_argument("file")
    check_gl.add_argument("--include-root")
    gh = sub.add_parser("github")
    gh.add_argument("file")
    gh.add_argument("--event", required=True)
    gh.add_argument("--ref", required=True)
    gh.add_argument("--workspace", required=True)
    gh.add_argument("--secret", action="append")
    gh.add_argument("--env", action="append")
    gh.add_argument("--skip", action="append")
    gh.add_argument("--setup-action", help="action.yml run for `uses: OWNER/altinity-deploy@vX.Y.Z`")
    gh.add_argument("--action-context", action="append", help="NAME=VALUE for the setup action's ${{ }}")
    gl = sub.add_parser("gitlab")
    gl.add_argument("file")
    gl.add_argument("--source", required=True)
    gl.add_argument("--branch", default="main")
    gl.add_argument("--default-branch", default="main")
    gl.add_argument("--workspace", required=True)
    gl.add_argument("--var", action="append")
    gl.add_argument("--skip-line", action="append")
    gl.add_argument("--include-root", help="the folder whose files the pipeline's include: entries name")
    action = sub.add_parser("action")
    action.add_argument("file")
    action.add_argument("--workspace", required=True)
    action.add_argument("--input", action="append")
    action.add_argument("--context", action="append")
    args = parser.parse_args()
    if args.command == "action":
        return run_action(args)
    if args.command == "check-github":
        return check_github(args.file)
    if args.command == "check-gitlab":
        return check_gitlab(args.file, args.include_root)
    if args.command == "github":
        return run_github(args)
    return run_gitlab(args)


if __name__ == "__main__":
    sys.exit(main())
