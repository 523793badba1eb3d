#!/usr/bin/env python3
"""Reads one platform's image out of an unpacked OCI image layout (an oci-archive untarred):
prints its config (the "config" object: User, Entrypoint, WorkingDir, Env, Labels) as JSON and,
with --rootfs DIR, unpacks its layers in order into DIR (as `podman export` would give them).

    oci_image.py LAYOUT_DIR ARCH [--rootfs DIR]
"""
import argparse
import json
import os
import subprocess
import sys


def blob(layout, digest):
    algorithm, _, value = digest.partition(":")
    return os.path.join(layout, "blobs", algorithm, value)


def read_json(layout, digest):
    with open(blob(layout, digest)) as f:
        return json.load(f)


def manifests(layout, index):
    """Every image manifest reachable from an index, with the platform it names."""
    for entry in index.get("manifests", []):
        media = entry.get("mediaType", "")
        if media.endswith("image.index.v1+json") or media.endswith("manifest.list.v2+json"):
            yield from manifests(layout, read_json(layout, entry["digest"]))
        else:
            yield entry, read_json(layout, entry["digest"])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("layout")
    parser.add_argument("arch")
    parser.add_argument("--rootfs")
    args = parser.parse_args()
    with open(os.path.join(args.layout, "index.json")) as f:
        index = json.load(f)
    found = []
    for entry, manifest in manifests(args.layout, index):
        config = read_json(args.layout, manifest["config"]["digest"])
        if config.get("architecture") == args.arch and config.get("os") == "linux":
            found.append((manifest, config))
    if len(found) != 1:
        print(f"oci_image: {len(found)} linux/{args.arch} images in {args.layout}, expected 1", file=sys.stderr)
        return 1
    manifest, config = found[0]
    if args.rootfs:
        os.makedirs(args.rootfs, exist_ok=True)
        for layer in manifest["layers"]:
            subprocess.run(["tar", "--numeric-owner", "-xpf", blob(args.layout, layer["digest"]), "-C", args.rootfs],
                           check=True)
    json.dump(config.get("config", {}), sys.stdout, indent=1)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
