#!/usr/bin/python3
"""notes-search itself: build/src/indexer/notes-index and build/src/query/notes-search.

Index: `notes-index --db DB PAGES_DIR` (the tag pages, the reader's real input). Re-index: the same
command again over the unchanged pages. Query: `notes-search --db DB --json --limit 10 QUERY`
(facets are part of every --json answer, so there is no "without facets" figure).
In-process latency: TODO — needs a small C++ timing program linked to the query library; the
binaries have no --repeat option, so only whole-process latency is measured for now.
Binaries elsewhere: $NOTES_SEARCH_BUILD (the build folder) or $NOTES_INDEX / $NOTES_SEARCH.
"""
import json
import os
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import Cmd, REPO_DIR, script_main  # noqa: E402

BUILD = os.environ.get("NOTES_SEARCH_BUILD", os.path.join(REPO_DIR, "build"))
INDEX_BIN = os.environ.get("NOTES_INDEX", os.path.join(BUILD, "src", "indexer", "notes-index"))
SEARCH_BIN = os.environ.get("NOTES_SEARCH", os.path.join(BUILD, "src", "query", "notes-search"))


class NotesSearch:
    name, label, kind = "notes-search", "notes-search (this project)", "ours"

    def available(self):
        for b in (INDEX_BIN, SEARCH_BIN):
            if not os.access(b, os.X_OK):
                return f"{b} not built (cmake -S . -B build && cmake --build build)"
        return None

    def db(self, work):
        return os.path.join(work, "db")

    def prepare(self, c, work):
        with open(os.path.join(work, "corpus.json"), "w") as f:
            json.dump({"pages_dir": c["pages_dir"], "jsonl": c["jsonl"]}, f)

    def _pages(self, work):
        with open(os.path.join(work, "corpus.json")) as f:
            return json.load(f)["pages_dir"]

    def clean(self, work):
        shutil.rmtree(self.db(work), ignore_errors=True)

    def index_cmd(self, work):
        return Cmd([INDEX_BIN, "--db", self.db(work), self._pages(work)])

    def reindex_cmd(self, work):
        return self.index_cmd(work)

    def index_paths(self, work):
        return [self.db(work)]

    def count(self, work):
        out = Cmd([SEARCH_BIN, "--db", self.db(work), "--stats", "--json"]).run().stdout
        return json.loads(out)["notes"]

    def query_cmd(self, work, q, facets):
        # facets are always part of the --json answer: the same command serves both columns
        return Cmd([SEARCH_BIN, "--db", self.db(work), "--json", "--limit", "10", q])

    def search_json(self, work, q, limit):
        out = Cmd([SEARCH_BIN, "--db", self.db(work), "--json", "--limit", str(limit), q]).run().stdout
        return json.loads(out)

    def check_json(self, res):
        """The --json contract of issue 2; returns a list of problems (empty when fine)."""
        probs = []
        for k, t in (("query", str), ("total", int), ("results", list), ("facets", dict)):
            if not isinstance(res.get(k), t):
                probs.append(f"'{k}' missing or not {t.__name__}")
        for r in res.get("results", [])[:3]:
            for k in ("id", "title", "url", "date", "tags", "score", "snippet"):
                if k not in r:
                    probs.append(f"result without '{k}'")
        if isinstance(res.get("facets"), dict) and not isinstance(res["facets"].get("tags", []), list):
            probs.append("facets.tags not a list")
        return probs

    def inproc(self, work, queries, repeat, facets):
        return None  # TODO: C++ timing program (see module docstring)

    def rank(self, work, q, limit):
        return [r["id"] for r in self.search_json(work, q, limit)["results"]]


PEER = NotesSearch()

if __name__ == "__main__":
    script_main(PEER)
