#!/usr/bin/env python3
"""Side-by-side benchmarks of altinity-deploy against the bare helm/kubectl
sequence it replaces, on the local Kubernetes cluster (tests/e2e/cluster).

    bench/run [--runs 5] [--suite single|fleet]
    bench/bench.py --env CLUSTER_DIR/env [--runs 5] [--helm 3|4] [--suite single|fleet]

--suite single (the default): one release, scenario by scenario (docs/performance.md).
--suite fleet: four releases with `up -j 4`, against the same four `up` one by one and
against four bare `kubectl create namespace` + `helm upgrade --install` run in parallel.

Each scenario runs both sides alternately in the same session, several times,
and reports medians and the ratio deployer/bare. Not a test: nothing here
passes or fails; the numbers go to docs/performance.md.
"""
import argparse
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def sh(argv, env=None, check=True, capture=True):
    started = time.perf_counter()
    proc = subprocess.run(argv, env=env, stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE if capture else None,
                          stderr=subprocess.PIPE if capture else None, text=True)
    elapsed = time.perf_counter() - started
    if check and proc.returncode != 0:
        sys.exit(f"bench: {' '.join(argv)} failed ({proc.returncode}):\n{proc.stderr}")
    return elapsed, proc


def load_env(path):
    env = dict(os.environ)
    with open(path) as f:
        for line in f:
            m = re.match(r'^(?:export\s+)?([A-Z0-9_]+)=(.*)$', line.strip())
            # PATH there is shell ('DIR/bin':"$PATH"); bench runs every tool by its full path.
            if m and m.group(1) != "PATH":
                value = m.group(2)
                if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
                    value = value[1:-1]
                env[m.group(1)] = value
    return env


class Bench:
    def __init__(self, args, env):
        self.args = args
        self.env = env
        self.helm = env[f"HELM{args.helm}"]
        self.kubectl = env[f"KUBECTL{args.helm}"]
        self.kubeconfig = env["KUBECONFIG"]
        self.binary = args.binary
        self.work = tempfile.mkdtemp(prefix="altinity-deploy-bench-")
        self.real = bool(env.get("REAL_CHART_VERSIONS"))
        self.version = "0.23.6" if self.real else env["FIXTURE_CHART_VERSION"]
        self.repo = env["CHART_REPO_URL"]
        # The deployer's values, so both sides install the same thing.
        self.values = os.path.join(self.work, "values.yaml")

    # The chart change the object-level plan is measured on (real charts only).
    UPGRADE_VERSION = "0.25.6"

    def manifest(self, name, version=None, suffix=""):
        path = os.path.join(self.work, f"{name}{suffix}.yaml")
        version = version or self.version
        with open(path, "w") as f:
            f.write(f"""apiVersion: kubernetes.project-planton.org/v1
kind: AltinityOperatorKubernetes
metadata:
  name: {name}
spec:
  namespace: {name}
  chart:
    repo: {self.repo}
    version: "{version}"
""")
        return path

    def deployer(self, *words, manifest, cache):
        """One deployer run, without -v (which starts `kubectl get --raw /version` for its log line).
        `cache` is the read cache folder (XDG_CACHE_HOME) this run uses."""
        argv = [self.binary, *words, "-f", manifest, "--helm", self.helm,
                "--kubectl", self.kubectl, "--kubeconfig", self.kubeconfig]
        # The bare side's release runs beside ours on purpose: up would refuse to install next to
        # it (docs/commands.md, another operator). The look for it still runs.
        if words[0] in ("up", "plan"):
            argv.append("--allow-second-operator")
        # The deployer reports its own VmHWM and how many processes it started. Not
        # resource.getrusage(RUSAGE_CHILDREN) here, nor ru_maxrss in the deployer: ru_maxrss
        # survives exec, so it would show this Python process's peak (about 15 MiB) instead of
        # the deployer's (about 5 MiB).
        env = dict(self.env, ALTINITY_DEPLOY_RUSAGE="1", XDG_CACHE_HOME=cache)
        env.pop("ALTINITY_DEPLOY_NO_CACHE", None)
        elapsed, proc = sh(argv, env=env)
        usage = re.search(r"peak RSS (\d+) KiB, (\d+) processes started", proc.stderr)
        if not usage:
            sys.exit(f"bench: {' '.join(argv)} did not report its resource use:\n{proc.stderr}")
        return elapsed, int(usage.group(2)), int(usage.group(1))

    # The bare sides' processes, for the table.
    BARE_PROCESSES = {"bare_up": 2, "bare_upgrade": 1, "bare_destroy": 2, "bare_template_diff": 2}

    def bare_template_diff(self, name):
        """What helm-diff and `helmfile diff` do for a chart change: render the new chart, then
        `kubectl diff` it against the live objects (a server-side dry run). Exit 1 means a diff."""
        t1, proc = sh([self.helm, "template", name, "altinity-clickhouse-operator", "--repo", self.repo,
                       "--version", self.UPGRADE_VERSION, "--namespace", name, "--values", self.values,
                       "--kubeconfig", self.kubeconfig], env=self.env)
        path = os.path.join(self.work, f"{name}-rendered.yaml")
        with open(path, "w") as f:
            f.write(proc.stdout)
        t2, _ = sh([self.kubectl, "--kubeconfig", self.kubeconfig, "--namespace", name, "diff", "-f", path],
                   env=self.env, check=False)
        return t1 + t2

    def bare_up(self, name):
        t1, _ = sh([self.kubectl, "--kubeconfig", self.kubeconfig, "create", "namespace", name], env=self.env)
        t2, _ = sh(self.bare_upgrade_argv(name), env=self.env)
        return t1 + t2

    def bare_upgrade_argv(self, name):
        atomic = ["--atomic", "--wait"] if self.args.helm == 3 else \
            ["--rollback-on-failure", "--wait=watcher", "--server-side=false"]
        return [self.helm, "upgrade", "--install", name, "altinity-clickhouse-operator", "--repo", self.repo,
                "--version", self.version, "--namespace", name, "--values", self.values, *atomic,
                "--cleanup-on-fail", "--timeout", "300s", "--kubeconfig", self.kubeconfig]

    def hand_edit_image(self, name):
        """kubectl set image on the release's operator Deployment: the drift the next up corrects."""
        base = [self.kubectl, "--kubeconfig", self.kubeconfig, "--namespace", name]
        _, proc = sh([*base, "get", "deployment", "-l", f"app.kubernetes.io/instance={name}", "-o",
                      "jsonpath={.items[0].metadata.name} {.items[0].spec.template.spec.containers[0].name}"],
                     env=self.env)
        deployment, container = proc.stdout.split()
        sh([*base, "set", "image", f"deployment/{deployment}", f"{container}=altinity/clickhouse-operator:0.23.5"],
           env=self.env)

    def bare_upgrade(self, name):
        t, _ = sh(self.bare_upgrade_argv(name), env=self.env)
        return t

    def bare_destroy(self, name):
        t1, _ = sh([self.helm, "uninstall", name, "--namespace", name, "--wait", "--kubeconfig", self.kubeconfig],
                   env=self.env)
        t2, _ = sh([self.kubectl, "--kubeconfig", self.kubeconfig, "delete", "namespace", name, "--wait"],
                   env=self.env)
        return t1 + t2

    def run(self):
        # The values the deployer renders, for the bare side.
        _, proc = sh([self.binary, "render", "-f", self.manifest("values-source"), "--helm-major",
                      str(self.args.helm)], env=self.env)
        values = proc.stdout.split("# Commands")[0]
        with open(self.values, "w") as f:
            f.write(values)

        # Each scenario: its name, the deployer's verb, the read cache it uses, the bare side, and
        # what to do to a release before each side (both sides start from the same state).
        # "kept": this round's cache folder, which starts empty, so the fresh up fills it and the
        # later scenarios find it warm, as on a machine or a CI cache that keeps ~/.cache;
        # "empty": a new folder, as on a CI runner that keeps nothing between jobs.
        scenarios = [
            ("fresh up", "up", "kept", self.bare_up, None),
            ("repeated up, nothing changed", "up", "kept", self.bare_upgrade, None),
            ("repeated up, nothing changed, empty cache", "up", "empty", self.bare_upgrade, None),
            # plan against the bare no-op upgrade: what a CI job pays to learn there is nothing to do.
            ("plan, nothing changed", "plan", "kept", self.bare_upgrade, None),
            # Both sides restore the image with a helm upgrade (docs/drift.md); the bare one has
            # to know that the release drifted, the deployer finds out itself.
            ("up after a hand-changed image (drift corrected)", "up", "kept", self.bare_upgrade,
             self.hand_edit_image),
            ("destroy", "destroy", "kept", self.bare_destroy, None),
        ]
        if self.real:
            # The object-level plan of a chart change (helm template + an in-process comparison)
            # against the bare render + kubectl diff; before destroy, on the installed release.
            scenarios.insert(-1, (f"plan, chart change {self.version} -> {self.UPGRADE_VERSION} (objects)",
                                  "plan-upgrade", "kept", self.bare_template_diff, None))
        if self.args.only:
            # The release must exist for the others and go away at the end.
            scenarios = [s for s in scenarios
                         if s[0] in ("fresh up", "destroy") or any(o in s[0] for o in self.args.only)]
        rows = {name: ([], []) for name, *_ in scenarios}
        procs = {}
        rss = []
        for i in range(self.args.runs):
            d, b = f"bench-d{i}-h{self.args.helm}", f"bench-b{i}-h{self.args.helm}"
            md = self.manifest(d)
            kept = os.path.join(self.work, f"cache-{i}")
            order = [0, 1] if i % 2 == 0 else [1, 0]
            for name, verb, cache, bare, before in scenarios:
                for side in order:
                    if before:
                        before(d if side == 0 else b)
                    if side == 0:
                        folder = kept if cache == "kept" else tempfile.mkdtemp(dir=self.work, prefix="cache-")
                        if verb == "plan-upgrade":
                            t, n, r = self.deployer("plan", manifest=self.manifest(d, self.UPGRADE_VERSION, "-up"),
                                                    cache=folder)
                        else:
                            t, n, r = self.deployer(verb, manifest=md, cache=folder)
                        rows[name][0].append(t)
                        procs.setdefault(name, {})["ours"] = n
                        rss.append(r)
                    else:
                        rows[name][1].append(bare(b))
                        procs.setdefault(name, {})["bare"] = self.BARE_PROCESSES[bare.__name__]

        offline = {}
        basic = os.path.join(REPO, "examples", "basic.yaml")
        for verb, extra in (("validate", []), ("render", ["--helm-major", str(self.args.helm)])):
            times, peaks = [], []
            for _ in range(max(self.args.runs, 10)):
                env = dict(self.env, ALTINITY_DEPLOY_RUSAGE="1")
                t, proc = sh([self.binary, verb, "-f", basic, *extra], env=env)
                times.append(t)
                m = re.search(r"peak RSS (\d+) KiB", proc.stderr)
                peaks.append(int(m.group(1)) if m else 0)
            offline[verb] = (statistics.median(times), max(peaks))
        return rows, procs, [r for r in rss if r], offline

    # ---- the fleet: four targets ------------------------------------------------------------
    FLEET_SIZE = 4

    def deployer_fleet(self, verb, manifests, parallel):
        """One deployer run over `manifests` with -j `parallel`; its wall time."""
        argv = [self.binary, verb, *[w for m in manifests for w in ("-f", m)], "-j", str(parallel),
                "--helm", self.helm, "--kubectl", self.kubectl, "--kubeconfig", self.kubeconfig]
        env = dict(self.env, XDG_CACHE_HOME=self.fleet_cache)
        env.pop("ALTINITY_DEPLOY_NO_CACHE", None)
        elapsed, _ = sh(argv, env=env)
        return elapsed

    def bare_in_parallel(self, step, names):
        """`step(name)` for every name at once, each in its own thread; the wall time of all."""
        import concurrent.futures
        started = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(max_workers=len(names)) as pool:
            list(pool.map(step, names))
        return time.perf_counter() - started

    def run_fleet(self):
        """Fresh installs of four releases: `up -j 4`, the four `up` one by one, four bare
        sequences in parallel. Each side removes its releases again (untimed) before the next."""
        _, proc = sh([self.binary, "render", "-f", self.manifest("values-source"), "--helm-major",
                      str(self.args.helm)], env=self.env)
        with open(self.values, "w") as f:
            f.write(proc.stdout.split("# Commands")[0])
        # A warm read cache, as on a machine that deployed before: the fleet's processes share it.
        self.fleet_cache = os.path.join(self.work, "fleet-cache")
        sides = {"parallel": [], "one by one": [], "bare parallel": []}
        for i in range(self.args.runs):
            names = [f"fleet-{i}-{k}-h{self.args.helm}" for k in range(self.FLEET_SIZE)]
            manifests = [self.manifest(n) for n in names]
            if i == 0:  # fill the cache, untimed
                self.deployer_fleet("up", manifests[:1], 1)
                self.deployer_fleet("destroy", manifests[:1], 1)
            order = ["parallel", "one by one", "bare parallel"]
            if i % 2:
                order.reverse()
            for side in order:
                if side == "parallel":
                    sides[side].append(self.deployer_fleet("up", manifests, self.FLEET_SIZE))
                    self.deployer_fleet("destroy", manifests, self.FLEET_SIZE)
                elif side == "one by one":
                    sides[side].append(sum(self.deployer_fleet("up", [m], 1) for m in manifests))
                    self.deployer_fleet("destroy", manifests, self.FLEET_SIZE)
                else:
                    sides[side].append(self.bare_in_parallel(self.bare_up, names))
                    self.bare_in_parallel(self.bare_destroy, names)
        return sides

    def cleanup(self):
        shutil.rmtree(self.work, ignore_errors=True)


def targets(helm_major):
    """The ratios issue 10 asks for, per scenario."""
    return {"fresh up": 1.10 if helm_major == 3 else 1.25,
            "repeated up, nothing changed": 0.20,
            "plan, nothing changed": 0.20,
            "destroy": 1.05}


def targets_21():
    """Issue 21's no-op targets, with drift detection on: the ratio and the processes."""
    return {"repeated up, nothing changed": (0.35, 3), "plan, nothing changed": (0.35, 3)}


def report(args, env, bench, rows, procs, rss, offline):
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(l.split(":", 1)[1].strip() for l in f if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    lines = [f"### Helm {args.helm} ({bench.helm.split('/')[-2]}), chart {bench.version}, {args.runs} runs each",
             "",
             f"Machine: {os.cpu_count()} cores, {cpu}; Kubernetes {env.get('K8S_VERSION', '?')} local control plane.",
             "",
             "| scenario | altinity-deploy (median) | bare helm/kubectl (median) | ratio | target (issue 10) "
             "| target (issue 21) | processes started (ours / bare) |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    for name, (ours, bare) in rows.items():
        mo, mb = statistics.median(ours), statistics.median(bare)
        target = targets(args.helm).get(name)
        verdict = "-" if target is None else f"<= {target:.2f}x: {'met' if mo / mb <= target else 'NOT met'}"
        count = procs.get(name, {})
        verdict_21 = "-"
        if name in targets_21():
            ratio, most = targets_21()[name]
            met = mo / mb <= ratio and count.get("ours", most + 1) <= most
            verdict_21 = f"<= {ratio:.2f}x, <= {most} processes: {'met' if met else 'NOT met'}"
        lines.append(f"| {name} | {mo:.2f} s | {mb:.2f} s | {mo / mb:.2f}x | {verdict} | {verdict_21} "
                     f"| {count.get('ours', '?')} / {count.get('bare', '?')} |")
    lines += ["", "| offline command | wall time (median) | peak RSS |", "| --- | --- | --- |"]
    for verb, (t, peak) in offline.items():
        lines.append(f"| `{verb}` examples/basic.yaml | {t * 1000:.1f} ms | {peak / 1024:.1f} MiB |")
    if rss:
        lines += ["", f"Peak RSS of the deployer itself during up/destroy (not counting helm/kubectl): "
                      f"{max(rss) / 1024:.1f} MiB."]
    return "\n".join(lines) + "\n"


def report_fleet(args, env, bench, sides):
    cpu = os.cpu_count()
    ours = statistics.median(sides["parallel"])
    lines = [f"### Fleet of {bench.FLEET_SIZE}, Helm {args.helm} ({bench.helm.split('/')[-2]}), chart {bench.version}, "
             f"{args.runs} runs each",
             "",
             f"Machine: {cpu} cores; Kubernetes {env.get('K8S_VERSION', '?')} local control plane. Fresh installs "
             f"of {bench.FLEET_SIZE} releases in {bench.FLEET_SIZE} namespaces of one cluster.",
             "",
             "| side | wall time (median) | `up -j 4` against it |",
             "| --- | --- | --- |",
             f"| `altinity-deploy up -f ... (4) -j 4` | {ours:.2f} s | - |"]
    for side, label in (("one by one", "the same four `altinity-deploy up -f M`, one after another"),
                        ("bare parallel", "four bare `kubectl create namespace` + `helm upgrade --install`, "
                                          "in parallel")):
        median = statistics.median(sides[side])
        lines.append(f"| {label} | {median:.2f} s | {ours / median:.2f}x |")
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--helm", type=int, choices=(3, 4), default=3)
    parser.add_argument("--binary", default=os.path.join(REPO, "build", "altinity-deploy"))
    parser.add_argument("--env", required=True, help="the local cluster's env file")
    parser.add_argument("--suite", choices=("single", "fleet"), default="single")
    parser.add_argument("--only", action="append", default=[],
                        help="run only the scenarios whose name holds this text (repeatable); "
                             "the fresh up and the destroy always run")
    args = parser.parse_args()
    env = load_env(args.env)
    bench = Bench(args, env)
    try:
        if args.suite == "fleet":
            sides = bench.run_fleet()
        else:
            rows, procs, rss, offline = bench.run()
    finally:
        bench.cleanup()
    if args.suite == "fleet":
        sys.stdout.write(report_fleet(args, env, bench, sides))
    else:
        sys.stdout.write(report(args, env, bench, rows, procs, rss, offline))


if __name__ == "__main__":
    main()
