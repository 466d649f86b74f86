#!/usr/bin/python3
"""notes-search itself: build/src/indexer/notes-index and build/src/query/notes-search.

Index: `notes-index --db DB PAGES_DIR` (the tag pages, the reader's real input). Re-index: the same
command again over the unchanged pages. Query: `notes-search --db DB --json --limit 10 QUERY`
(facets are part of every --json answer, so there is no "without facets" figure).
In-process latency: build/bench/notes-bench-query (bench/inproc_query.cc) opens the index once and
times each query: "with facets" is Searcher::search as notes-search runs it (10 hits with snippets,
exact total, tag and year facets over every match); "without facets" the same Xapian query, 10 hits
with snippets, no facet counting (Xapian's early termination, estimated total). It also times the
facet counting alone over each query's matches, and over the whole index (Searcher::all_tags).
Binaries elsewhere: $NOTES_SEARCH_BUILD (the build folder) or $NOTES_INDEX / $NOTES_SEARCH /
$NOTES_BENCH_QUERY (set empty: no in-process figures, for a build with -DNOTES_BENCH=OFF).
$NOTES_INDEX_JOBS: passed to notes-index as -j (writer threads of a full build; unset: its default).
"""
import json
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import Cmd, REPO_DIR, script_main  # noqa: E402

BUILD = os.environ.get("NOTES_SEARCH_BUILD", os.path.join(REPO_DIR, "build"))
INDEX_BIN = os.environ.get("NOTES_INDEX", os.path.join(BUILD, "src", "indexer", "notes-index"))
SEARCH_BIN = os.environ.get("NOTES_SEARCH", os.path.join(BUILD, "src", "query", "notes-search"))
BENCH_BIN = os.environ.get("NOTES_BENCH_QUERY", os.path.join(BUILD, "bench", "notes-bench-query"))
JOBS = os.environ.get("NOTES_INDEX_JOBS", "")


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
        jobs = ["-j", JOBS] if JOBS else []
        return Cmd([INDEX_BIN, "--db", self.db(work)] + jobs + [self._pages(work)])

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

    def _bench(self, work, queries, repeat, modes, all_tags=0):
        if not BENCH_BIN:
            return None  # NOTES_BENCH_QUERY set empty: a build without bench/ (cmake -DNOTES_BENCH=OFF)
        if not os.access(BENCH_BIN, os.X_OK):
            raise RuntimeError(f"{BENCH_BIN} not built (cmake -DNOTES_BENCH=ON, the default)")
        with tempfile.NamedTemporaryFile("w", suffix=".queries", dir=work, encoding="utf-8",
                                         delete=False) as f:
            for q in queries:
                f.write(q.replace("\t", " ").replace("\n", " ") + "\n")
        try:
            argv = [BENCH_BIN, "--db", self.db(work), "--queries", f.name, "--repeat", str(repeat),
                    "--limit", "10", "--all-tags", str(all_tags)]
            for m in modes:
                argv += ["--mode", m]
            return json.loads(Cmd(argv).run().stdout)
        finally:
            os.unlink(f.name)

    def inproc(self, work, queries, repeat, facets):
        mode = "search" if facets else "plain"
        res = self._bench(work, queries, repeat, [mode])
        if res is None:
            return None
        return [q["seconds"] for q in res["modes"][mode]["queries"]]

    def inproc_extra(self, work, queries, repeat):
        """Facet counting at scale: the counter alone over each query's matches (mode "count"),
        with the number of matches; visiting the same matches without counting (mode "match");
        and counting over every note (Searcher::all_tags)."""
        res = self._bench(work, queries, repeat, ["count", "match"], all_tags=max(3, repeat))
        if res is None:
            return None
        per = res["modes"]["count"]["queries"]
        match = res["modes"]["match"]["queries"]
        out = {"all_tags": res["all_tags"], "count_all": res["modes"]["count"]["all"],
               "match_all": res["modes"]["match"]["all"], "count": []}

        def p50(xs):
            xs = sorted(xs)
            return xs[len(xs) // 2]
        for q, m in zip(per, match):
            c, v = p50(q["seconds"]), p50(m["seconds"])
            out["count"].append({"query": q["query"], "matches": q["total"], "p50_ms": round(c * 1000, 3),
                                 "match_p50_ms": round(v * 1000, 3),
                                 "ns_per_match": round(c * 1e9 / q["total"], 1) if q["total"] else None,
                                 "counting_ns_per_match": round((c - v) * 1e9 / q["total"], 1) if q["total"] else None})
        return out

    def rank(self, work, q, limit):
        return [r["id"] for r in self.search_json(work, q, limit)["results"]]


PEER = NotesSearch()

if __name__ == "__main__":
    script_main(PEER)
