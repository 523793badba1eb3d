#!/usr/bin/env python3
"""The folder layering of the source tree (issue 21): a module is a folder X of src/ together with
include/altinity_deploy/X/. Fails on

  - a cycle of modules: X includes a header of Y and Y, directly or through others, one of X
    (each cycle is printed with one include line per step, to show where to cut it);
  - an include of another module's private header: a quoted include that resolves into src/Y/
    from outside src/Y/ ("../manifest/spelling.hpp"); other modules go through
    include/altinity_deploy/Y/.

Usage: no_folder_cycles.py ROOT   (ROOT holds src/ and include/altinity_deploy/)
"""
import os
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')
SOURCE = (".cpp", ".hpp", ".h", ".cc", ".ipp")


def module_of(path, root):
    """The module of a file below ROOT, or None (a file outside src/ and include/altinity_deploy/)."""
    rel = os.path.relpath(path, root).split(os.sep)
    if rel[0] == "src":
        return rel[1] if len(rel) > 2 else "main"
    if rel[:2] == ["include", "altinity_deploy"] and len(rel) > 3:
        return rel[2]
    return None


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    root = os.path.abspath(sys.argv[1])
    src = os.path.join(root, "src")
    public = os.path.join(root, "include")
    if not os.path.isdir(src):
        print(f"FAIL: no src/ folder in {root}")
        return 1
    edges = {}  # (from, to) -> first "file:line: #include ..." that makes it
    private = []
    files = 0
    for base in (src, os.path.join(public, "altinity_deploy")):
        for folder, _, names in os.walk(base):
            for name in sorted(names):
                if not name.endswith(SOURCE):
                    continue
                path = os.path.join(folder, name)
                files += 1
                own = module_of(path, root)
                with open(path, encoding="utf-8", errors="replace") as f:
                    for number, line in enumerate(f, 1):
                        m = INCLUDE.match(line)
                        if not m:
                            continue
                        target = m.group(1)
                        where = f"{os.path.relpath(path, root)}:{number}: {line.strip()}"
                        local = os.path.normpath(os.path.join(folder, target))
                        if os.path.exists(local):
                            resolved = local
                        else:
                            resolved = os.path.normpath(os.path.join(public, target))
                        other = module_of(resolved, root)
                        if other is None or other == own:
                            continue
                        if os.path.relpath(resolved, root).split(os.sep)[0] == "src":
                            private.append(f"{where}  (a private header of {other}/)")
                        edges.setdefault((own, other), where)
    graph = {}
    for a, b in edges:
        graph.setdefault(a, set()).add(b)
        graph.setdefault(b, set())

    # Tarjan's strongly connected components: every component of more than one module is a cycle.
    index, low, on_stack, stack, components = {}, {}, set(), [], []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)

    failed = False
    for component in components:
        failed = True
        members = set(component)
        print(f"FAIL: the modules {', '.join(component)} include each other (a folder cycle); their includes:")
        for (a, b), where in sorted(edges.items()):
            if a in members and b in members:
                print(f"  {a} -> {b}: {where}")
    if private:
        failed = True
        print("FAIL: a module includes another module's private header (include its public header under "
              "include/altinity_deploy/ instead):")
        for where in private:
            print(f"  {where}")
    if failed:
        return 1
    print(f"ok: {files} files in {len(graph)} modules; no folder cycle, no private header of another module included")
    return 0


if __name__ == "__main__":
    sys.exit(main())
