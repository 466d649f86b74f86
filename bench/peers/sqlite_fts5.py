#!/usr/bin/python3
"""SQLite FTS5 peer: the trigram tokenizer, bm25 with the title weighted x10, run by the sqlite3 CLI.

One FTS5 table holds everything (rowid = issue number): title, summary, comment, tags (searchable,
space-joined) and, UNINDEXED, the tag list as JSON (facets), date and url. The build is the sqlite3
CLI reading the JSONL itself (`.import` of whole lines, then json_extract), in one transaction.

Queries: the trigram tokenizer cannot match a string shorter than 3 characters through MATCH, so
each word of 3+ characters becomes a quoted FTS5 phrase (substring match, ASCII case folded), ANDed,
and each shorter word (most 2-kanji Japanese words: 要約, 翻訳) a LIKE '%w%' filter over the text
columns (a scan). Ranked by bm25(10,1,1,1); with no MATCH-able word at all, newest first. No
Unicode normalisation: full-width ＬｏＲＡ does not find LoRA (that is this peer as configured).
"""
import os
import sqlite3
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import Cmd, which, words, script_main  # noqa: E402

COLUMNS = "title, summary, comment, tags, tagsjson UNINDEXED, date UNINDEXED, url UNINDEXED"
TEXT_COLUMNS = ("title", "summary", "comment", "tags")
BM25 = "bm25(notes, 10.0, 1.0, 1.0, 1.0)"


def sql_str(s):
    return "'" + s.replace("'", "''") + "'"


def load_sql(jsonl, replace):
    verb = "INSERT OR REPLACE" if replace else "INSERT"
    create = "" if replace else (
        f"CREATE VIRTUAL TABLE notes USING fts5({COLUMNS}, tokenize='trigram');\n")
    return f"""PRAGMA journal_mode=WAL;
{create}CREATE TEMP TABLE raw(line TEXT);
.mode ascii
.separator "\\037" "\\n"
.import --schema temp "{jsonl}" raw
BEGIN;
{verb} INTO notes(rowid, title, summary, comment, tags, tagsjson, date, url)
  SELECT json_extract(line, '$.id'), json_extract(line, '$.title'), json_extract(line, '$.summary'),
         json_extract(line, '$.comment'),
         (SELECT group_concat(value, ' ') FROM json_each(line, '$.tags')),
         json_extract(line, '$.tags'), json_extract(line, '$.date'), json_extract(line, '$.url')
  FROM raw WHERE line <> '';
COMMIT;
PRAGMA wal_checkpoint(TRUNCATE);
"""


def where(q):
    """Returns (WHERE clause, has_match) for the query's words."""
    ws = words(q)
    long_ = [w for w in ws if len(w) >= 3]
    short = [w for w in ws if len(w) < 3]
    parts = []
    if long_:
        expr = " AND ".join('"' + w.replace('"', '""') + '"' for w in long_)
        parts.append(f"notes MATCH {sql_str(expr)}")
    for w in short:
        pat = sql_str("%" + w.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
        parts.append("(" + " OR ".join(f"{c} LIKE {pat} ESCAPE '\\'" for c in TEXT_COLUMNS) + ")")
    return " AND ".join(parts) or "0", bool(long_)


def statements(q, facets, limit=10):
    w, has_match = where(q)
    order = f"{BM25}, rowid DESC" if has_match else "date DESC, rowid DESC"
    s = [f"SELECT rowid, title, date FROM notes WHERE {w} ORDER BY {order} LIMIT {limit};",
         f"SELECT count(*) FROM notes WHERE {w};"]
    if facets:
        s.append(f"SELECT j.value, count(*) AS c FROM notes, json_each(notes.tagsjson) AS j "
                 f"WHERE {w} GROUP BY j.value ORDER BY c DESC, j.value LIMIT 20;")
    return s


class SqliteFts5:
    name, label, kind = "sqlite-fts5", "SQLite FTS5 (trigram)", "peer"

    def available(self):
        return None if which("sqlite3") else "sqlite3 not installed (bench/setup)"

    def db(self, work):
        return os.path.join(work, "notes.db")

    def prepare(self, c, work):
        for name, replace in (("build.sql", False), ("reload.sql", True)):
            with open(os.path.join(work, name), "w", encoding="utf-8") as f:
                f.write(load_sql(c["jsonl"], replace))

    def clean(self, work):
        for ext in ("", "-wal", "-shm", "-journal"):
            if os.path.exists(self.db(work) + ext):
                os.unlink(self.db(work) + ext)

    def index_cmd(self, work):
        return Cmd(["sqlite3", "-bail", self.db(work)], stdin=os.path.join(work, "build.sql"))

    def reindex_cmd(self, work):
        return Cmd(["sqlite3", "-bail", self.db(work)], stdin=os.path.join(work, "reload.sql"))

    def index_paths(self, work):
        return [self.db(work) + ext for ext in ("", "-wal", "-shm")]

    def count(self, work):
        with sqlite3.connect(f"file:{self.db(work)}?mode=ro", uri=True) as c:
            return c.execute("SELECT count(*) FROM notes").fetchone()[0]

    def query_cmd(self, work, q, facets):
        return Cmd(["sqlite3", "-bail", "-readonly", self.db(work), "\n".join(statements(q, facets))])

    def inproc(self, work, queries, repeat, facets):
        """Python's sqlite3 module (the same libsqlite3 as the CLI): time of the statements."""
        import time
        con = sqlite3.connect(f"file:{self.db(work)}?mode=ro", uri=True)
        for s in statements(queries[0], facets):  # warm-up
            con.execute(s).fetchall()
        out = [[] for _ in queries]
        for _ in range(repeat):
            for k, q in enumerate(queries):
                sts = statements(q, facets)
                t = time.perf_counter()
                for s in sts:
                    con.execute(s).fetchall()
                out[k].append(time.perf_counter() - t)
        con.close()
        return out

    def rank(self, work, q, limit):
        with sqlite3.connect(f"file:{self.db(work)}?mode=ro", uri=True) as c:
            return [r[0] for r in c.execute(statements(q, False, limit)[0]).fetchall()]


PEER = SqliteFts5()

if __name__ == "__main__":
    script_main(PEER)
