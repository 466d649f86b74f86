"""Shared pieces of the benchmark peers (run with /usr/bin/python3: Debian's, which has xapian).

Every peer module defines `PEER`, an object with this interface (None where a figure does not
apply to that system):

    name, label, kind                 kind: "ours", "peer" or "floor"
    available()        -> None, or a string saying what is missing
    prepare(c, work)   untimed conversion of the corpus c (dict: jsonl, pages_dir, notes) into work/
    clean(work)        removes the index so that index_cmd builds it from nothing (untimed)
    index_cmd(work)    -> Cmd: the timed full index build (run under /usr/bin/time)
    reindex_cmd(work)  -> Cmd or None: the same build again over the existing index, input unchanged
    index_paths(work)  -> paths whose total size is the index size on disk
    count(work)        -> number of documents in the index (sanity check)
    query_cmd(work, q, facets) -> Cmd or None: one query as a whole command-line process
    inproc(work, queries, repeat, facets) -> [[seconds, ...] per query] or None: in-process latency
    rank(work, q, limit) -> [note ids, best first]: used for relevance on the real corpus

A peer file is also a script: `peers/X.py prepare JSONL PAGES WORK | index WORK | reindex WORK |
search WORK QUERY [--facets] | rank WORK QUERY | count WORK`.
"""
import json
import os
import shutil
import subprocess
import sys
import time

BENCH_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPO_DIR = os.path.dirname(BENCH_DIR)
SYS_PYTHON = "/usr/bin/python3"  # Debian's python3, which sees python3-xapian


class Cmd:
    """A command line to run: argv, optional stdin file, extra environment, working folder."""

    def __init__(self, argv, stdin=None, env=None, cwd=None):
        self.argv, self.stdin, self.env, self.cwd = list(argv), stdin, env or {}, cwd

    def environ(self):
        e = dict(os.environ)
        e.update(self.env)
        return e

    def run(self, check=True, capture=True, timeout=None):
        stdin = open(self.stdin, "rb") if self.stdin else subprocess.DEVNULL
        try:
            p = subprocess.run(self.argv, stdin=stdin, env=self.environ(), cwd=self.cwd,
                               stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
                               stderr=subprocess.PIPE, timeout=timeout)
        finally:
            if self.stdin:
                stdin.close()
        if check and p.returncode != 0:
            raise RuntimeError(f"{' '.join(self.argv)[:300]}: exit {p.returncode}: "
                               f"{p.stderr.decode(errors='replace')[-1500:]}")
        return p

    def __repr__(self):
        s = " ".join(_shq(a) for a in self.argv)
        return s + (f" < {_shq(self.stdin)}" if self.stdin else "")


def _shq(a):
    import shlex
    return shlex.quote(str(a))


def read_notes(jsonl):
    with open(jsonl, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def words(query):
    """The query's words: split on white space (ASCII and ideographic)."""
    return query.split()


def which(prog):
    return shutil.which(prog)


def du(paths, apparent=False):
    """Bytes on disk of files and folders: allocated blocks (what `du` says; Groonga's files are
    sparse, so their apparent size is far larger), or with apparent=True, the sum of file sizes."""
    total = 0

    def size(fp):
        st = os.stat(fp)
        return st.st_size if apparent else st.st_blocks * 512

    for p in paths:
        if os.path.isfile(p):
            total += size(p)
        elif os.path.isdir(p):
            for root, _, files in os.walk(p):
                for f in files:
                    fp = os.path.join(root, f)
                    if not os.path.islink(fp):
                        total += size(fp)
    return total


def fresh_dir(path):
    if os.path.exists(path):
        shutil.rmtree(path)
    os.makedirs(path)


def timed(fn, *a):
    t = time.perf_counter()
    r = fn(*a)
    return time.perf_counter() - t, r


def script_main(peer, argv=None):
    """The command-line face of a peer module."""
    import argparse
    ap = argparse.ArgumentParser(prog=f"peers/{peer.name}.py", description=peer.label)
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("prepare")
    p.add_argument("jsonl"), p.add_argument("pages"), p.add_argument("work")
    for c in ("index", "reindex", "count"):
        sub.add_parser(c).add_argument("work")
    for c in ("search", "rank"):
        s = sub.add_parser(c)
        s.add_argument("work"), s.add_argument("query")
        s.add_argument("--facets", action="store_true"), s.add_argument("--limit", type=int, default=10)
    a = ap.parse_args(argv)
    why = peer.available()
    if why:
        sys.exit(f"{peer.name}: not available: {why}")
    if a.cmd == "prepare":
        n = sum(1 for _ in read_notes(a.jsonl))
        fresh_dir(a.work)
        peer.prepare({"jsonl": os.path.abspath(a.jsonl), "pages_dir": os.path.abspath(a.pages),
                      "notes": n}, a.work)
    elif a.cmd in ("index", "reindex"):
        if a.cmd == "index":
            peer.clean(a.work)
        c = peer.index_cmd(a.work) if a.cmd == "index" else peer.reindex_cmd(a.work)
        if c is None:
            sys.exit(f"{peer.name}: no {a.cmd} step")
        print(c, file=sys.stderr)
        c.run(capture=False)
    elif a.cmd == "count":
        print(peer.count(a.work))
    elif a.cmd == "search":
        c = peer.query_cmd(a.work, a.query, a.facets)
        if c is None:
            sys.exit(f"{peer.name}: no query step")
        print(c, file=sys.stderr)
        sys.stdout.write(c.run().stdout.decode(errors="replace"))
    elif a.cmd == "rank":
        print(json.dumps(peer.rank(a.work, a.query, a.limit)))
