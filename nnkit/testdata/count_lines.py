#!/usr/bin/python3
"""Counts the lines of each of the eight tasks in ../eighttasks_test.go
(nnkit) and eighttasks_keras.py (Keras): the lines from a "task N" comment
to the next marker ("task N", "scaffold" or "end"), without blank and
comment-only lines. Python's imports
are counted apart (nnbook imports Go packages by name).

    /usr/bin/python3 count_lines.py
"""
import re


def tasks(path, comment):
    counts, imports, current = {}, 0, None
    for line in open(path):
        s = line.strip()
        m = re.match(re.escape(comment) + r" (task (\d+)|end|scaffold)", s)
        if m:
            current = int(m.group(2)) if m.group(2) else None
            continue
        if s.startswith(("import ", "from ")):
            imports += 1
        if current is None or not s or s.startswith(comment):
            continue
        counts[current] = counts.get(current, 0) + 1
    return counts, imports


go, _ = tasks("../eighttasks_test.go", "//")
py, py_imports = tasks("eighttasks_keras.py", "#")
print("task  nnkit  Keras  ratio")
for k in sorted(go):
    print("%4d  %5d  %5d  %5.2f" % (k, go[k], py[k], go[k] / py[k]))
tg, tp = sum(go.values()), sum(py.values())
print("all   %5d  %5d  %5.2f   (Keras with its %d import lines: %d, ratio %.2f)"
      % (tg, tp, tg / tp, py_imports, tp + py_imports, tg / (tp + py_imports)))
