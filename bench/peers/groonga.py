#!/usr/bin/python3
"""Groonga 13 peer: TokenMecab + NormalizerAuto lexicon, title weighted x10, tag drilldown.

Schema: Notes (hash keyed by issue number) with title, summary, comment, tag_text (searchable tag
names), tags (vector of Tags references: drilldown), date (Time). One multi-column index with
positions and sections in the Terms lexicon; the index columns are created after `load`, so Groonga
builds them offline (its fastest bulk path). Query: each word quoted (phrase of its MeCab tokens),
words ANDed, `--match_columns 'title * 10 || summary || comment || tag_text'`, sorted by -_score.
"""
import json
import os
import re
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import Cmd, read_notes, which, words, script_main  # noqa: E402

MATCH_COLUMNS = "title * 10 || summary || comment || tag_text"
SCHEMA = """table_create Tags TABLE_PAT_KEY ShortText
table_create Notes TABLE_HASH_KEY UInt32
column_create Notes title COLUMN_SCALAR ShortText
column_create Notes url COLUMN_SCALAR ShortText
column_create Notes summary COLUMN_SCALAR Text
column_create Notes comment COLUMN_SCALAR Text
column_create Notes tag_text COLUMN_SCALAR Text
column_create Notes tags COLUMN_VECTOR Tags
column_create Notes date COLUMN_SCALAR Time
"""
INDEXES = """table_create Terms TABLE_PAT_KEY ShortText --default_tokenizer TokenMecab --normalizer NormalizerAuto
column_create Terms notes_index COLUMN_INDEX|WITH_POSITION|WITH_SECTION Notes title,summary,comment,tag_text
column_create Tags notes_tags COLUMN_INDEX Notes tags
"""


def gq(value):
    """Quotes a value for Groonga's command syntax."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def query_expr(q):
    return " ".join('"' + w.replace("\\", "\\\\").replace('"', '\\"') + '"' for w in words(q))


def epoch(date):
    import datetime
    try:
        d = datetime.date.fromisoformat(date)
    except ValueError:
        return 0
    return int(datetime.datetime(d.year, d.month, d.day, tzinfo=datetime.timezone.utc).timestamp())


def _shorten(s, limit=4000):  # ShortText keys/values hold at most 4 KiB
    b = s.encode()
    return s if len(b) <= limit else b[:limit].decode(errors="ignore")


class Groonga:
    name, label, kind = "groonga", "Groonga 13 (TokenMecab, NormalizerAuto)", "peer"

    def available(self):
        if not which("groonga"):
            return "groonga not installed (bench/setup)"
        if not os.path.exists("/usr/lib/x86_64-linux-gnu/groonga/plugins/tokenizers/mecab.so") and \
                not any(os.path.exists(os.path.join(r, "mecab.so")) for r, _, _ in
                        os.walk("/usr/lib") if r.endswith("groonga/plugins/tokenizers")):
            return "groonga-tokenizer-mecab not installed (bench/setup)"
        return None

    def db(self, work):
        return os.path.join(work, "db", "notes")

    def prepare(self, c, work):
        records = os.path.join(work, "records.grn")
        with open(records, "w", encoding="utf-8") as f:
            f.write("load --table Notes\n[\n")
            first = True
            for n in read_notes(c["jsonl"]):
                rec = {"_key": n["id"], "title": _shorten(n["title"]), "url": _shorten(n["url"]),
                       "summary": n["summary"], "comment": n["comment"],
                       "tag_text": " ".join(n["tags"]), "tags": n["tags"], "date": epoch(n["date"])}
                f.write(("" if first else ",\n") + json.dumps(rec, ensure_ascii=False))
                first = False
            f.write("\n]\n")
        with open(os.path.join(work, "build.grn"), "w", encoding="utf-8") as f:
            f.write(SCHEMA)
            with open(records, encoding="utf-8") as r:
                for chunk in iter(lambda: r.read(1 << 20), ""):
                    f.write(chunk)
            f.write(INDEXES)
        os.makedirs(os.path.join(work, "db"), exist_ok=True)

    def index_cmd(self, work):
        # -n: create a new database; the commands come on stdin (the harness discards stdout).
        return Cmd(["groonga", "-n", self.db(work)], stdin=os.path.join(work, "build.grn"))

    def clean(self, work):
        shutil.rmtree(os.path.join(work, "db"), ignore_errors=True)
        os.makedirs(os.path.join(work, "db"))

    def reindex_cmd(self, work):
        # Re-run the same load over the existing database: every record upserted, indexes updated.
        return Cmd(["groonga", self.db(work)], stdin=os.path.join(work, "records.grn"))

    def index_paths(self, work):
        return [os.path.join(work, "db")]

    def count(self, work):
        out = Cmd(["groonga", self.db(work), "select", "Notes", "--limit", "0"]).run().stdout
        return json.loads(out)[1][0][0][0]

    def select_args(self, q, facets, limit=10, cache=True):
        a = ["select", "Notes", "--match_columns", gq(MATCH_COLUMNS), "--query", gq(query_expr(q)),
             "--output_columns", "_key,_score,title,date", "--sort_keys", "-_score,-_key",
             "--limit", str(limit)]
        if facets:
            a += ["--drilldown", "tags", "--drilldown_sort_keys", "-_nsubrecs,_key",
                  "--drilldown_limit", "20"]
        if not cache:
            a += ["--cache", "no"]
        return a

    def query_cmd(self, work, q, facets):
        return Cmd(["groonga", self.db(work)] + self.select_args(q, facets))

    def inproc(self, work, queries, repeat, facets):
        """One groonga process runs every query `repeat` times (result cache off); the elapsed
        time of each command is read from Groonga's query log (nanoseconds)."""
        log = os.path.join(work, "query.log")
        cmds = os.path.join(work, "queries.grn")
        if os.path.exists(log):
            os.unlink(log)
        with open(cmds, "w", encoding="utf-8") as f:
            # warm-up: loads MeCab's dictionary and maps the index, as a long-lived server would
            f.write(" ".join(self.select_args(queries[0], facets, cache=False)) + "\n")
            for _ in range(repeat):
                for q in queries:
                    f.write(" ".join(self.select_args(q, facets, cache=False)) + "\n")
        Cmd(["groonga", "--query-log-path", log, self.db(work)], stdin=cmds).run()
        elapsed = []
        with open(log, encoding="utf-8", errors="replace") as f:
            for line in f:
                m = re.search(r"\|<(\d+) rc=(-?\d+)", line)
                if m:
                    if m.group(2) != "0":
                        raise RuntimeError(f"groonga query failed in-process: {line.strip()}")
                    elapsed.append(int(m.group(1)) / 1e9)
        elapsed = elapsed[1:]
        if len(elapsed) != repeat * len(queries):
            raise RuntimeError(f"groonga query log: {len(elapsed)} timings, expected "
                               f"{repeat * len(queries)}")
        per_query = [[] for _ in queries]
        for k, t in enumerate(elapsed):
            per_query[k % len(queries)].append(t)
        return per_query

    def rank(self, work, q, limit):
        out = Cmd(["groonga", self.db(work)] + self.select_args(q, False, limit)).run().stdout
        res = json.loads(out)
        if res[0][0] != 0:
            raise RuntimeError(f"groonga: {res[0]}")
        return [row[0] for row in res[1][0][2:]]


PEER = Groonga()

if __name__ == "__main__":
    script_main(PEER)
