#!/usr/bin/python3
"""ripgrep over the tag pages: what a reader does without any index.

No index (index time and size do not apply). A query as a whole process is
`rg -i -F -e W1 [-e W2 ...] PAGES_DIR`: case-insensitive fixed strings, any of the words, every
matching line printed; it scans every page each time. No facets. For relevance, notes containing
every word (case-insensitive substring of title, summary, comment or tags) in the pages' order,
newest first — what a reader scrolling rg's output would meet.
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import Cmd, read_notes, which, words, script_main  # noqa: E402


class Ripgrep:
    name, label, kind = "ripgrep", "ripgrep over the pages (no index)", "peer"

    def available(self):
        return None if which("rg") else "ripgrep not installed (bench/setup)"

    def prepare(self, c, work):
        with open(os.path.join(work, "corpus.json"), "w") as f:
            json.dump({"pages_dir": c["pages_dir"], "jsonl": c["jsonl"]}, f)

    def _c(self, work):
        with open(os.path.join(work, "corpus.json")) as f:
            return json.load(f)

    def clean(self, work):
        pass

    def index_cmd(self, work):
        return None

    def reindex_cmd(self, work):
        return None

    def index_paths(self, work):
        return []

    def count(self, work):
        return None

    def query_cmd(self, work, q, facets):
        if facets:
            return None
        argv = ["rg", "-i", "-F", "--no-config"]
        for w in words(q):
            argv += ["-e", w]
        return Cmd(argv + [self._c(work)["pages_dir"]])

    def inproc(self, work, queries, repeat, facets):
        return None

    def rank(self, work, q, limit):
        ws = [w.lower() for w in words(q)]
        hits = []
        for n in read_notes(self._c(work)["jsonl"]):
            text = "\n".join([n["title"], n["summary"], n["comment"], " ".join(n["tags"])]).lower()
            if ws and all(w in text for w in ws):
                hits.append((n["date"], n["id"]))
        hits.sort(reverse=True)
        return [i for _, i in hits[:limit]]


PEER = Ripgrep()

if __name__ == "__main__":
    script_main(PEER)
