#!/usr/bin/python3
"""Plain Xapian peer, as notmuch and Recoll use it: CJK n-gram mode and the English stemmer.

Index (python3-xapian, Debian's /usr/bin/python3): TermGenerator with FLAG_CJK_NGRAM and
Stem("english"); the title indexed with wdf_inc 10 (its weight), then summary, comment and the tag
names (searchable) with position gaps between fields; tags also as boolean terms K<tag>; the whole
note as document data; docid = issue number (replace_document, so a re-run upserts).

Query: QueryParser with FLAG_DEFAULT | FLAG_CJK_NGRAM, the English stemmer (STEM_SOME), default
operator AND (notmuch's and Recoll's default), BM25. As a whole process, `quest` (Xapian's C++ CLI,
XAPIAN_CJK_NGRAM=1) for plain queries; with facets, this script (python startup included), which
counts the tags of every match through a MatchDecider. No Unicode normalisation beyond Xapian's own
lower-casing: full-width ＬｏＲＡ is not LoRA here.
"""
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import Cmd, SYS_PYTHON, which, script_main  # noqa: E402

try:
    import xapian
except ImportError:  # run with /usr/bin/python3
    xapian = None

TAG_SLOT, DATE_SLOT = 1, 0
SEP = "\x1f"


def build(jsonl, dbpath, create):
    flags = xapian.DB_CREATE_OR_OVERWRITE if create else xapian.DB_CREATE_OR_OPEN
    db = xapian.WritableDatabase(dbpath, flags)
    tg = xapian.TermGenerator()
    tg.set_stemmer(xapian.Stem("english"))
    tg.set_flags(xapian.TermGenerator.FLAG_CJK_NGRAM)
    with open(jsonl, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            n = json.loads(line)
            doc = xapian.Document()
            tg.set_document(doc)
            tg.index_text(n["title"], 10)
            for field in (n["summary"], n["comment"], " ".join(n["tags"])):
                tg.increase_termpos(100)
                tg.index_text(field)
            for t in n["tags"]:
                doc.add_boolean_term("K" + t)
            doc.add_value(DATE_SLOT, n["date"])
            doc.add_value(TAG_SLOT, SEP.join(n["tags"]))
            doc.set_data(line.rstrip("\n"))
            db.replace_document(n["id"], doc)
    db.commit()
    db.close()


class TagCounter(xapian.MatchDecider if xapian else object):
    def __init__(self):
        super().__init__()
        self.counts = {}

    def __call__(self, doc):
        for t in doc.get_value(TAG_SLOT).decode().split(SEP):
            if t:
                self.counts[t] = self.counts.get(t, 0) + 1
        return True


class Searcher:
    def __init__(self, dbpath):
        self.db = xapian.Database(dbpath)
        self.qp = xapian.QueryParser()
        self.qp.set_stemmer(xapian.Stem("english"))
        self.qp.set_stemming_strategy(xapian.QueryParser.STEM_SOME)
        self.qp.set_default_op(xapian.Query.OP_AND)
        self.qp.set_database(self.db)
        self.flags = xapian.QueryParser.FLAG_DEFAULT | xapian.QueryParser.FLAG_CJK_NGRAM

    def search(self, q, facets, limit=10):
        enq = xapian.Enquire(self.db)
        enq.set_query(self.qp.parse_query(q, self.flags))
        if facets:
            tc = TagCounter()
            ms = enq.get_mset(0, limit, self.db.get_doccount(), None, tc)
            top = sorted(tc.counts.items(), key=lambda kv: (-kv[1], kv[0]))[:20]
            return [m.docid for m in ms], ms.get_matches_estimated(), top
        ms = enq.get_mset(0, limit)
        return [m.docid for m in ms], ms.get_matches_estimated(), None


class XapianNgram:
    name, label, kind = "xapian-ngram", "Xapian 1.4 (CJK n-gram, English stemmer)", "peer"

    def available(self):
        if xapian is None:
            return "python3-xapian not importable (use /usr/bin/python3; bench/setup)"
        if not which("quest"):
            return "quest not installed (xapian-tools; bench/setup)"
        return None

    def db(self, work):
        return os.path.join(work, "db")

    def prepare(self, c, work):
        with open(os.path.join(work, "input"), "w") as f:
            f.write(c["jsonl"])

    def _input(self, work):
        with open(os.path.join(work, "input")) as f:
            return f.read().strip()

    def clean(self, work):
        import shutil
        shutil.rmtree(self.db(work), ignore_errors=True)

    def index_cmd(self, work):
        return Cmd([SYS_PYTHON, os.path.abspath(__file__), "_build", self._input(work), self.db(work), "create"])

    def reindex_cmd(self, work):
        return Cmd([SYS_PYTHON, os.path.abspath(__file__), "_build", self._input(work), self.db(work), "open"])

    def index_paths(self, work):
        return [self.db(work)]

    def count(self, work):
        return xapian.Database(self.db(work)).get_doccount()

    def query_cmd(self, work, q, facets):
        if facets:
            return Cmd([SYS_PYTHON, os.path.abspath(__file__), "_search", work, q, "--facets"])
        return Cmd(["quest", "-d", self.db(work), "-m", "10", "-s", "english", "-o", "and",
                    "-f", "default,cjk_ngram", q], env={"XAPIAN_CJK_NGRAM": "1"})

    def inproc(self, work, queries, repeat, facets):
        s = Searcher(self.db(work))
        s.search(queries[0], facets)  # warm-up
        out = [[] for _ in queries]
        for _ in range(repeat):
            for k, q in enumerate(queries):
                t = time.perf_counter()
                s.search(q, facets)
                out[k].append(time.perf_counter() - t)
        return out

    def rank(self, work, q, limit):
        return Searcher(self.db(work)).search(q, False, limit)[0]


PEER = XapianNgram()

if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "_build":
        build(sys.argv[2], sys.argv[3], sys.argv[4] == "create")
    elif len(sys.argv) >= 4 and sys.argv[1] == "_search":
        ids, total, facets = Searcher(PEER.db(sys.argv[2])).search(sys.argv[3], "--facets" in sys.argv)
        print(json.dumps({"total": total, "ids": ids, "facets": facets}, ensure_ascii=False))
    else:
        script_main(PEER)
