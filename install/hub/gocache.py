"""Share one pre-warmed Go build cache between the students of a class.

Go's build cache (GOCACHE) is one writable directory of two kinds of files,
named by hash (cmd/go/internal/cache):

  HASH-d  an output (compiled package, export data, linked binary),
          named by the SHA-256 of its own content: never rewritten;
  HASH-a  an index entry: action ID -> output ID, small, rewritten in
          place (O_WRONLY, no truncate) when Go records the action again.

The only other write Go makes to an existing file is markUsed: a read
entry's mtime is set to now when it is more than an hour old (for
trimming).  So a class shares a cache safely when

  1. the shared cache is frozen: every file gets a far-future mtime (no
     markUsed writes, never trimmed) and loses its write bits;
  2. each student's cache is a directory of their own whose -d files are
     hard links to the shared ones (no disk, one page cache for all) and
     whose -a files are copies (a student's rewrite stays theirs).

New entries (the student's cells) are written into the student's own
directory only.  Go reads the cache without knowing it is shared.

Usage: gocache.py freeze [--writable-dirs] SHARED
       gocache.py seed SHARED USERCACHE
"""

import os
import shutil
import sys

# 2100-01-01T00:00:00Z: later than any clock a class will run under.
FUTURE = 4102444800


def freeze(shared, writable_dirs=False):
    """Give every file of the cache at shared a far-future mtime and make
    it read-only.  The directories stay writable with writable_dirs: in a
    container image, where the cache itself is the student's (new entries
    land in the container's own writable layer, the image's files are
    shared by every container on the node); else they are read-only too."""
    for root, dirs, files in os.walk(shared):
        for name in files:
            path = os.path.join(root, name)
            os.utime(path, (FUTURE, FUTURE))
            # Write bits off, execute bits (go run's cached binaries) kept.
            os.chmod(path, os.stat(path).st_mode & 0o555)
        os.chmod(root, 0o755 if writable_dirs else 0o555)


def seed(shared, user):
    """Make user a cache of its own that starts with everything in shared.

    Outputs (-d) are hard-linked (copied when shared is on another file
    system); index entries (-a) and the other small files are copied.
    Returns (linked, copied).  An existing user cache is completed, not
    replaced, so a student's own entries survive a server restart."""
    linked = copied = 0
    for root, dirs, files in os.walk(shared):
        rel = os.path.relpath(root, shared)
        dst_dir = os.path.normpath(os.path.join(user, rel))
        os.makedirs(dst_dir, exist_ok=True)
        os.chmod(dst_dir, 0o755)
        for name in files:
            src = os.path.join(root, name)
            dst = os.path.join(dst_dir, name)
            if os.path.lexists(dst):
                continue
            if name.endswith("-d") or rel.endswith("-d"):
                try:
                    os.link(src, dst)
                    linked += 1
                    continue
                except OSError:
                    pass
            shutil.copy2(src, dst)
            os.chmod(dst, os.stat(dst).st_mode | 0o200)
            copied += 1
    return linked, copied


def snapshot(cache):
    """{relative path: (size, mtime)} of every file of cache: compare two to
    see whether anything wrote to a shared cache."""
    out = {}
    for root, dirs, files in os.walk(cache):
        for name in files:
            st = os.stat(os.path.join(root, name))
            out[os.path.relpath(os.path.join(root, name), cache)] = (st.st_size, st.st_mtime_ns)
    return out


def main(argv):
    if len(argv) == 3 and argv[1] == "freeze":
        freeze(argv[2])
        return 0
    if len(argv) == 4 and argv[1:3] == ["freeze", "--writable-dirs"]:
        freeze(argv[3], writable_dirs=True)
        return 0
    if len(argv) == 4 and argv[1] == "seed":
        linked, copied = seed(argv[2], argv[3])
        print(f"gocache: {argv[3]}: {linked} outputs linked, {copied} files copied from {argv[2]}")
        return 0
    print(__doc__.split("Usage:")[1].strip().replace("gocache.py", "usage: gocache.py", 1), file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
