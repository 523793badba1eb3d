#!/usr/bin/env python3
"""Simulated kubelet for altinity-deploy's local test cluster (Python 3 stdlib only).

Nothing on the test machine can run containers, so this process plays the kubelet of one Node:

* registers the Node (Ready, not-ready taint removed, labelled and annotated
  altinity-deploy/simulated) unless --no-register;
* watches the pods bound to the node (fieldSelector spec.nodeName=<node>) and writes their
  status through the pods/status subresource (JSON merge patch):
    - ordinary pods: Running and Ready, one running containerStatus per container;
    - pods owned by a Job: Succeeded, containers terminated with exit code 0;
    - an image containing "does-not-exist" / "doesnotexist": waiting ImagePullBackOff, never
      ready, pod Pending (plus Warning events Failed/BackOff like a real kubelet);
    - an image containing "slow-start": waiting ContainerCreating (pod Pending, not ready) for
      SLOW_START_S seconds after the pod's startTime, then like an ordinary pod (a slow rollout
      that succeeds);
    - an image containing "crashloop": waiting CrashLoopBackOff, lastState terminated exit 1,
      restartCount growing with time, pod Running but not ready
      (restartPolicy Never: the pod fails with exit code 1 instead);
    - a container whose resources.limits.memory is below OOM_BELOW_BYTES (64Mi): the same
      crash loop, its lastState terminated with reason OOMKilled and exit code 137 (what a
      real kubelet reports when the kernel kills a container at its memory cgroup limit);
    - pods with a deletionTimestamp: deleted with gracePeriodSeconds 0.
* survives API errors (retries), exits when the API server has been unreachable for
  --give-up seconds, or on SIGTERM/SIGINT.
"""

import argparse
import datetime
import json
import queue
import signal
import ssl
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

PULL_FAIL_MARKERS = ("does-not-exist", "doesnotexist")
CRASH_MARKERS = ("crashloop",)
SLOW_START_MARKERS = ("slow-start",)
SLOW_START_S = 15
OOM_BELOW_BYTES = 64 * 1024 * 1024  # a memory limit under 64Mi: the container is OOMKilled
CRASH_PERIOD_S = 10  # a simulated crash every 10 s -> restartCount grows
RESYNC_S = 2.0
# The node says it is simulated, for people (`kubectl describe node`) and for altinity-deploy.
SIMULATED_LABEL = "altinity-deploy/simulated"
SIMULATED_ANNOTATION = ("simulated kubelet (altinity-deploy tests/e2e/cluster/lib/kubelet.py): "
                        "pods are reported ready, no container runs")


def memory_bytes(quantity):
    """A Kubernetes memory quantity (256Mi, 1Gi, 129M, 1e9, 65536) in bytes; None if unreadable."""
    if quantity is None:
        return None
    text = str(quantity).strip()
    suffixes = {"Ki": 2 ** 10, "Mi": 2 ** 20, "Gi": 2 ** 30, "Ti": 2 ** 40, "Pi": 2 ** 50, "Ei": 2 ** 60,
                "k": 10 ** 3, "M": 10 ** 6, "G": 10 ** 9, "T": 10 ** 12, "P": 10 ** 15, "E": 10 ** 18, "m": 10 ** -3}
    for suffix in sorted(suffixes, key=len, reverse=True):
        if text.endswith(suffix):
            try:
                return float(text[:-len(suffix)]) * suffixes[suffix]
            except ValueError:
                return None
    try:
        return float(text)
    except ValueError:
        return None


def now_iso():
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_iso(s):
    try:
        return datetime.datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc).timestamp()
    except (TypeError, ValueError):
        return time.time()


def log(msg):
    sys.stdout.write("%s kubelet: %s\n" % (now_iso(), msg))
    sys.stdout.flush()


class ApiUnreachable(Exception):
    pass


class Api:
    def __init__(self, server, ca, token, give_up):
        self.server = server.rstrip("/")
        self.ctx = ssl.create_default_context(cafile=ca)
        self.token = token
        self.give_up = give_up
        self.unreachable_since = None
        self.lock = threading.Lock()

    def _note_reachable(self):
        with self.lock:
            self.unreachable_since = None

    def _note_unreachable(self, err):
        with self.lock:
            if self.unreachable_since is None:
                self.unreachable_since = time.time()
            gone = time.time() - self.unreachable_since
        if gone > self.give_up:
            raise ApiUnreachable("API server unreachable for %.0fs: %s" % (gone, err))

    def unreachable_for(self):
        with self.lock:
            return 0 if self.unreachable_since is None else time.time() - self.unreachable_since

    def open(self, method, path, body=None, content_type="application/json", timeout=30):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.server + path, data=data, method=method)
        req.add_header("Authorization", "Bearer " + self.token)
        req.add_header("Accept", "application/json")
        req.add_header("User-Agent", "altinity-deploy-sim-kubelet/1")
        if data is not None:
            req.add_header("Content-Type", content_type)
        try:
            resp = urllib.request.urlopen(req, context=self.ctx, timeout=timeout)
        except urllib.error.HTTPError:
            self._note_reachable()
            raise
        except (urllib.error.URLError, OSError) as e:
            self._note_unreachable(e)
            raise
        self._note_reachable()
        return resp

    def call(self, method, path, body=None, content_type="application/json"):
        """Returns (status, parsed body or None). Network errors raise; HTTP errors don't."""
        try:
            with self.open(method, path, body, content_type) as resp:
                raw = resp.read()
                return resp.status, (json.loads(raw) if raw else None)
        except urllib.error.HTTPError as e:
            raw = e.read()
            try:
                parsed = json.loads(raw)
            except ValueError:
                parsed = {"message": raw.decode(errors="replace")}
            return e.code, parsed


class Kubelet:
    def __init__(self, api, node, pod_cidr_prefix):
        self.api = api
        self.node = node
        self.pod_ip_prefix = pod_cidr_prefix
        self.events = queue.Queue()
        self.ips = {}          # pod uid -> ip
        self.next_ip = 2
        self.emitted = set()   # (uid, container, reason) events already posted
        self.deleted = set()   # uids we already deleted
        self.stop = threading.Event()

    # ---- node ---------------------------------------------------------------------------
    def register_node(self):
        labels = {
            "kubernetes.io/hostname": self.node,
            "kubernetes.io/os": "linux",
            "kubernetes.io/arch": "amd64",
            "beta.kubernetes.io/os": "linux",
            "beta.kubernetes.io/arch": "amd64",
            # Read by altinity-deploy's `up` and `status` (actions/simulated_kubelet.hpp), which then
            # say that the pods are reported ready but no container runs.
            SIMULATED_LABEL: "true",
        }
        annotations = {SIMULATED_LABEL: SIMULATED_ANNOTATION}
        st, body = self.api.call("POST", "/api/v1/nodes", {
            "apiVersion": "v1", "kind": "Node",
            "metadata": {"name": self.node, "labels": labels, "annotations": annotations},
        })
        if st not in (200, 201, 409):
            raise RuntimeError("creating node: HTTP %s %s" % (st, (body or {}).get("message")))
        # The API server adds node.kubernetes.io/not-ready:NoSchedule at creation; with the node
        # lifecycle controller off nobody would ever remove it. The label and annotation again for
        # a node that already existed (a restarted kubelet).
        st, body = self.api.call("PATCH", "/api/v1/nodes/" + self.node,
                                 {"metadata": {"labels": {SIMULATED_LABEL: "true"}, "annotations": annotations},
                                  "spec": {"taints": None}}, "application/merge-patch+json")
        if st != 200:
            raise RuntimeError("removing node taints: HTTP %s %s" % (st, (body or {}).get("message")))
        self.update_node_status()
        log("node %s registered and Ready" % self.node)

    def update_node_status(self):
        t = now_iso()
        res = {"cpu": "8", "memory": "32Gi", "pods": "110", "ephemeral-storage": "100Gi"}

        def cond(typ, status, reason, msg):
            return {"type": typ, "status": status, "reason": reason, "message": msg,
                    "lastHeartbeatTime": t, "lastTransitionTime": t}
        status = {
            "capacity": res, "allocatable": res,
            "conditions": [
                cond("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
                cond("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
                cond("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
                cond("Ready", "True", "KubeletReady", "simulated kubelet is posting ready status"),
            ],
            "addresses": [{"type": "InternalIP", "address": "127.0.0.1"},
                          {"type": "Hostname", "address": self.node}],
            "daemonEndpoints": {"kubeletEndpoint": {"Port": 0}},
            "nodeInfo": {
                "machineID": "altinity-deploy", "systemUUID": "altinity-deploy", "bootID": "altinity-deploy",
                "kernelVersion": "simulated", "osImage": "simulated", "containerRuntimeVersion": "simulated://1",
                "kubeletVersion": "v1.20.2", "kubeProxyVersion": "v1.20.2",
                "operatingSystem": "linux", "architecture": "amd64",
            },
        }
        st, body = self.api.call("PATCH", "/api/v1/nodes/%s/status" % self.node,
                                 {"status": status}, "application/merge-patch+json")
        if st != 200:
            raise RuntimeError("node status: HTTP %s %s" % (st, (body or {}).get("message")))

    # ---- pods -----------------------------------------------------------------------------
    def pod_path(self, pod):
        m = pod["metadata"]
        return "/api/v1/namespaces/%s/pods/%s" % (m["namespace"], m["name"])

    def pod_ip(self, uid):
        if uid not in self.ips:
            self.ips[uid] = "%s.%d" % (self.pod_ip_prefix, self.next_ip)
            self.next_ip = self.next_ip + 1 if self.next_ip < 254 else 2
        return self.ips[uid]

    def post_event(self, pod, container, typ, reason, message):
        m = pod["metadata"]
        key = (m["uid"], container, reason, message)
        if key in self.emitted:
            return
        self.emitted.add(key)
        t = now_iso()
        ev = {
            "apiVersion": "v1", "kind": "Event",
            "metadata": {"generateName": m["name"] + ".", "namespace": m["namespace"]},
            "involvedObject": {"kind": "Pod", "namespace": m["namespace"], "name": m["name"], "uid": m["uid"],
                               "apiVersion": "v1", "fieldPath": "spec.containers{%s}" % container},
            "reason": reason, "message": message, "type": typ, "count": 1,
            "firstTimestamp": t, "lastTimestamp": t,
            "source": {"component": "kubelet", "host": self.node},
        }
        try:
            self.api.call("POST", "/api/v1/namespaces/%s/events" % m["namespace"], ev)
        except (urllib.error.URLError, OSError) as e:
            log("event %s for %s/%s not posted: %s" % (reason, m["namespace"], m["name"], e))

    def desired_status(self, pod):
        meta, spec, cur = pod["metadata"], pod.get("spec", {}), pod.get("status", {}) or {}
        t = now_iso()
        start_time = cur.get("startTime") or t
        started = parse_iso(start_time)
        owned_by_job = any(o.get("kind") == "Job" for o in meta.get("ownerReferences", []) or [])
        restart_policy = spec.get("restartPolicy", "Always")
        old = {c["name"]: c for c in cur.get("containerStatuses", []) or []}

        def image_of(c):
            return c.get("image", "")

        def pull_fails(c):
            return any(x in image_of(c).lower() for x in PULL_FAIL_MARKERS)

        def oom_killed(c):
            limit = memory_bytes(((c.get("resources") or {}).get("limits") or {}).get("memory"))
            return limit is not None and limit < OOM_BELOW_BYTES

        def crashes(c):
            return any(x in image_of(c).lower() for x in CRASH_MARKERS) or oom_killed(c)

        def starts_slowly(c):
            return any(x in image_of(c).lower() for x in SLOW_START_MARKERS) and time.time() - started < SLOW_START_S

        def image_id(c):
            return "docker-pullable://%s@sha256:%s" % (image_of(c).split(":")[0], "0" * 64)

        # init containers: complete unless their image cannot be pulled
        init_statuses, init_blocked = [], None
        for c in spec.get("initContainers", []) or []:
            base = {"name": c["name"], "image": image_of(c), "imageID": "", "restartCount": 0, "ready": False}
            if init_blocked is None and pull_fails(c):
                init_blocked = c["name"]
                base["state"] = {"waiting": {"reason": "ImagePullBackOff",
                                             "message": 'Back-off pulling image "%s"' % image_of(c)}}
                self.post_event(pod, c["name"], "Warning", "Failed", self.pull_error(image_of(c)))
                self.post_event(pod, c["name"], "Warning", "BackOff", 'Back-off pulling image "%s"' % image_of(c))
            elif init_blocked is None:
                base.update({"ready": True, "imageID": image_id(c),
                             "state": {"terminated": {"exitCode": 0, "reason": "Completed",
                                                      "startedAt": start_time, "finishedAt": start_time}}})
            else:
                base["state"] = {"waiting": {"reason": "PodInitializing"}}
            init_statuses.append(base)

        # like the kubelet's getPhase(): a container waiting without a previous termination (image
        # pull, PodInitializing) keeps the pod Pending; a crash-looping one counts as stopped, and
        # with restartPolicy Always/OnFailure the pod is Running.
        statuses, not_ready, any_running, failed = [], [], False, False
        all_done, waiting = True, 0
        for c in spec.get("containers", []) or []:
            name, img = c["name"], image_of(c)
            st = {"name": name, "image": img, "imageID": "", "restartCount": 0,
                  "ready": False, "started": False}
            prev = old.get(name, {})
            if init_blocked is not None:
                st["state"] = {"waiting": {"reason": "PodInitializing"}}
                not_ready.append(name)
                all_done = False
                waiting += 1
            elif pull_fails(c):
                st["state"] = {"waiting": {"reason": "ImagePullBackOff",
                                           "message": 'Back-off pulling image "%s"' % img}}
                not_ready.append(name)
                all_done = False
                waiting += 1
                self.post_event(pod, name, "Normal", "Pulling", 'Pulling image "%s"' % img)
                self.post_event(pod, name, "Warning", "Failed", self.pull_error(img))
                self.post_event(pod, name, "Warning", "Failed", "Error: ErrImagePull")
                self.post_event(pod, name, "Warning", "BackOff", 'Back-off pulling image "%s"' % img)
            elif crashes(c):
                st["imageID"] = image_id(c)
                crash = {"exitCode": 1, "reason": "Error", "startedAt": start_time, "finishedAt": start_time}
                if oom_killed(c):
                    crash.update({"exitCode": 137, "reason": "OOMKilled"})
                if restart_policy == "Never":
                    st["state"] = {"terminated": crash}
                    failed = True
                else:
                    restarts = 1 + int(max(0.0, time.time() - started) // CRASH_PERIOD_S)
                    st["restartCount"] = max(restarts, prev.get("restartCount", 0))
                    st["lastState"] = {"terminated": crash}
                    st["state"] = {"waiting": {
                        "reason": "CrashLoopBackOff",
                        "message": "back-off %ds restarting failed container=%s pod=%s_%s(%s)" % (
                            min(300, CRASH_PERIOD_S * 2 ** min(5, st["restartCount"] - 1)),
                            name, meta["name"], meta["namespace"], meta["uid"])}}
                    any_running = True  # it keeps being restarted: the pod counts as Running
                    self.post_event(pod, name, "Warning", "BackOff", "Back-off restarting failed container")
                not_ready.append(name)
                all_done = False
            elif starts_slowly(c):
                st["state"] = {"waiting": {"reason": "ContainerCreating"}}
                not_ready.append(name)
                all_done = False
                waiting += 1
            elif owned_by_job:
                st["imageID"] = image_id(c)
                st["state"] = {"terminated": {"exitCode": 0, "reason": "Completed",
                                              "startedAt": start_time, "finishedAt": t if not prev.get("state", {}).get("terminated") else prev["state"]["terminated"].get("finishedAt", t)}}
            else:
                running_since = (prev.get("state", {}).get("running") or {}).get("startedAt") or t
                st.update({"imageID": image_id(c), "ready": True, "started": True,
                           "state": {"running": {"startedAt": running_since}}})
                any_running = True
                all_done = False
            statuses.append(st)

        if failed:
            phase = "Failed"
        elif owned_by_job and all_done and init_blocked is None:
            phase = "Succeeded"
        elif init_blocked is not None or waiting > 0 or not any_running:
            phase = "Pending"
        else:
            phase = "Running"

        def cond(typ, ok, reason=None, message=None):
            old_c = next((x for x in cur.get("conditions", []) or [] if x.get("type") == typ), {})
            s = "True" if ok else "False"
            c = {"type": typ, "status": s, "lastProbeTime": None,
                 "lastTransitionTime": old_c.get("lastTransitionTime") if old_c.get("status") == s else t}
            if reason:
                c["reason"] = reason
            if message:
                c["message"] = message
            return c

        if phase in ("Succeeded", "Failed"):
            ready_cond = [cond("Ready", False, "PodCompleted"), cond("ContainersReady", False, "PodCompleted")]
        elif not_ready:
            msg = "containers with unready status: [%s]" % " ".join(not_ready)
            ready_cond = [cond("Ready", False, "ContainersNotReady", msg),
                          cond("ContainersReady", False, "ContainersNotReady", msg)]
        else:
            ready_cond = [cond("Ready", True), cond("ContainersReady", True)]
        if init_blocked is not None:
            init_cond = cond("Initialized", False, "ContainersNotInitialized",
                             "containers with incomplete status: [%s]" % init_blocked)
        else:
            init_cond = cond("Initialized", True, "PodCompleted" if phase in ("Succeeded", "Failed") else None)

        ip = self.pod_ip(meta["uid"])
        status = {
            "phase": phase,
            "conditions": [init_cond] + ready_cond + [cond("PodScheduled", True)],
            "hostIP": "127.0.0.1",
            "podIP": ip,
            "podIPs": [{"ip": ip}],
            "startTime": start_time,
            "containerStatuses": statuses,
            "qosClass": cur.get("qosClass", "BestEffort"),
        }
        if init_statuses:
            status["initContainerStatuses"] = init_statuses
        return status

    @staticmethod
    def pull_error(img):
        first = img.split("/")[0]
        if "/" in img and ("." in first or ":" in first or first == "localhost"):
            ref = img                      # has a registry host
        elif "/" in img:
            ref = "docker.io/" + img
        else:
            ref = "docker.io/library/" + img
        return ('Failed to pull image "%s": rpc error: code = NotFound desc = failed to pull and unpack image '
                '"%s": failed to resolve reference "%s": %s: not found' % (img, ref, ref, ref))

    @staticmethod
    def comparable(status):
        """The parts of a status whose change warrants a write."""
        def cs(lst):
            out = []
            for c in lst or []:
                state = c.get("state", {}) or {}
                kind = next(iter(state), None)
                out.append((c.get("name"), c.get("ready"), c.get("restartCount", 0), kind,
                            (state.get(kind) or {}).get("reason") if kind else None,
                            c.get("image")))
            return out
        return (status.get("phase"), status.get("podIP"),
                sorted((c.get("type"), c.get("status")) for c in status.get("conditions", []) or []),
                cs(status.get("containerStatuses")), cs(status.get("initContainerStatuses")))

    def reconcile(self, pod):
        meta = pod.get("metadata", {})
        if pod.get("spec", {}).get("nodeName") != self.node:
            return
        uid = meta.get("uid")
        if meta.get("deletionTimestamp"):
            if uid in self.deleted:
                return
            st, body = self.api.call("DELETE", self.pod_path(pod), {
                "apiVersion": "v1", "kind": "DeleteOptions", "gracePeriodSeconds": 0,
                "preconditions": {"uid": uid}})
            if st in (200, 202, 404, 409):
                self.deleted.add(uid)
                self.ips.pop(uid, None)
                log("pod %s/%s deleted (grace 0)" % (meta["namespace"], meta["name"]))
            else:
                log("deleting pod %s/%s: HTTP %s %s" % (meta["namespace"], meta["name"], st, (body or {}).get("message")))
            return
        cur = pod.get("status", {}) or {}
        if cur.get("phase") in ("Succeeded", "Failed"):
            return
        want = self.desired_status(pod)
        if self.comparable(want) == self.comparable(cur):
            return
        st, body = self.api.call("PATCH", self.pod_path(pod) + "/status", {"status": want},
                                 "application/merge-patch+json")
        if st == 200:
            log("pod %s/%s -> %s%s" % (meta["namespace"], meta["name"], want["phase"], "".join(
                " [%s:%s]" % (c["name"], next(iter(c["state"].values())).get("reason", next(iter(c["state"]))))
                for c in want["containerStatuses"] if "running" not in c["state"])))
        elif st != 404:
            log("status of pod %s/%s: HTTP %s %s" % (meta["namespace"], meta["name"], st, (body or {}).get("message")))

    # ---- loops ----------------------------------------------------------------------------
    def selector(self):
        return urllib.parse.quote("spec.nodeName=" + self.node)

    def list_pods(self):
        st, body = self.api.call("GET", "/api/v1/pods?fieldSelector=" + self.selector())
        if st != 200:
            raise RuntimeError("listing pods: HTTP %s %s" % (st, (body or {}).get("message")))
        return body.get("items", []), body["metadata"].get("resourceVersion")

    def watch_loop(self, start_rv):
        rv = start_rv
        while not self.stop.is_set():
            path = ("/api/v1/pods?watch=1&allowWatchBookmarks=true&timeoutSeconds=240&fieldSelector=%s%s"
                    % (self.selector(), "&resourceVersion=" + rv if rv else ""))
            try:
                with self.api.open("GET", path, timeout=300) as resp:
                    for line in resp:
                        if self.stop.is_set():
                            return
                        if not line.strip():
                            continue
                        ev = json.loads(line)
                        typ, obj = ev.get("type"), ev.get("object", {})
                        if typ == "ERROR":
                            rv = None  # e.g. 410 Gone: resync from a fresh list
                            self.events.put(("RESYNC", None))
                            break
                        rv = obj.get("metadata", {}).get("resourceVersion", rv)
                        if typ in ("ADDED", "MODIFIED"):
                            self.events.put((typ, obj))
            except ApiUnreachable as e:
                self.events.put(("FATAL", str(e)))
                return
            except urllib.error.HTTPError as e:
                if e.code == 410:
                    rv = None
                time.sleep(1)
            except (urllib.error.URLError, OSError, ValueError) as e:
                if self.api.unreachable_for() == 0:
                    log("watch interrupted: %s" % e)
                try:
                    self.api._note_unreachable(e)
                except ApiUnreachable as fatal:
                    self.events.put(("FATAL", str(fatal)))
                    return
                time.sleep(1)

    def run(self, register):
        while True:
            try:
                if register:
                    self.register_node()
                items, rv = self.list_pods()
                break
            except (urllib.error.URLError, OSError, RuntimeError) as e:
                log("waiting for the API server: %s" % e)
                time.sleep(1)
        for p in items:
            self.safe_reconcile(p)
        threading.Thread(target=self.watch_loop, args=(rv,), daemon=True).start()
        last_resync = time.time()
        last_node = time.time()
        while True:
            try:
                typ, obj = self.events.get(timeout=0.5)
            except queue.Empty:
                typ, obj = None, None
            if typ == "FATAL":
                log("giving up: %s" % obj)
                return 3
            if obj is not None:
                self.safe_reconcile(obj)
            if typ == "RESYNC" or time.time() - last_resync > RESYNC_S:
                last_resync = time.time()
                try:
                    items, _ = self.list_pods()
                    for p in items:
                        self.safe_reconcile(p)
                except ApiUnreachable as e:
                    log("giving up: %s" % e)
                    return 3
                except (urllib.error.URLError, OSError, RuntimeError) as e:
                    log("resync failed (will retry): %s" % e)
            if register and time.time() - last_node > 60:
                last_node = time.time()
                try:
                    self.update_node_status()
                except ApiUnreachable as e:
                    log("giving up: %s" % e)
                    return 3
                except (urllib.error.URLError, OSError, RuntimeError) as e:
                    log("node heartbeat failed (will retry): %s" % e)

    def safe_reconcile(self, pod):
        try:
            self.reconcile(pod)
        except ApiUnreachable:
            raise
        except (urllib.error.URLError, OSError) as e:
            log("API error for pod %s (will retry on resync): %s" % (pod.get("metadata", {}).get("name"), e))
        except Exception as e:  # never die on one odd object
            log("unexpected error for pod %s: %r" % (pod.get("metadata", {}).get("name"), e))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--server", required=True, help="https://127.0.0.1:PORT")
    ap.add_argument("--ca", required=True, help="CA certificate of the API server")
    ap.add_argument("--token-file", required=True)
    ap.add_argument("--node", default="altinity-deploy-node")
    ap.add_argument("--pod-ip-prefix", default="10.244.0", help="first three octets of fake pod IPs")
    ap.add_argument("--give-up", type=float, default=20.0,
                    help="exit after the API server has been unreachable this many seconds")
    ap.add_argument("--no-register", action="store_true", help="do not create/update the Node")
    args = ap.parse_args()

    def on_signal(signum, _frame):
        log("signal %d, exiting" % signum)
        sys.exit(0)
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)

    with open(args.token_file) as f:
        token = f.read().strip()
    api = Api(args.server, args.ca, token, args.give_up)
    kubelet = Kubelet(api, args.node, args.pod_ip_prefix)
    try:
        sys.exit(kubelet.run(register=not args.no_register))
    except ApiUnreachable as e:
        log("giving up: %s" % e)
        sys.exit(3)


if __name__ == "__main__":
    main()
