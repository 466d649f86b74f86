#!/usr/bin/python3
"""The time Xapian alone needs to write the postings of a notes-search-like index: the floor for
the design (MeCab words + character bigrams + English stems in one Xapian database).

prepare (untimed) does the text analysis once: NFKC + lower-case, `mecab -Owakati` (ipadic) per
field, English stems of Latin words (xapian.Stem), CJK character bigrams, and writes one line per
note: id, date, tags, the four fields' words, the stems, the bigrams, the note's JSON.
The timed step (`_write`) only reads those lines and adds them to a new Xapian database:
positional words (title with wdf_inc 10, then summary, comment, tag names, 100-position gaps),
Z-prefixed stems (no positions), B-prefixed positional bigrams, K<tag> and Q<id> boolean terms, the
date as a value and the JSON as document data; one commit at the end.

Limits: the loop is Python (python3-xapian), so the figure holds ~1 us of interpreter overhead per
posting: an upper bound of the floor; a C++ loop over the same terms would be faster. The term set
is an approximation of notes-search's (its analyzer may differ in prefixes, stop-words, user dict).
"""
import json
import os
import re
import subprocess
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import Cmd, SYS_PYTHON, read_notes, which, script_main  # noqa: E402
from mecab_floor import field_lines  # noqa: E402

try:
    import xapian
except ImportError:
    xapian = None

FS = "\x1e"  # separates the fields inside a column
MAX_TERM = 240


def is_cjk(ch):
    o = ord(ch)
    return (0x3040 <= o <= 0x30FF or 0x3400 <= o <= 0x4DBF or 0x4E00 <= o <= 0x9FFF
            or 0xF900 <= o <= 0xFAFF or 0xFF66 <= o <= 0xFF9F or 0x20000 <= o <= 0x2FFFF)


def bigrams(text):
    out, run = [], []
    for ch in text + " ":
        if is_cjk(ch):
            run.append(ch)
            continue
        if len(run) == 1:
            out.append("B" + run[0])
        out += ["B" + run[k] + run[k + 1] for k in range(len(run) - 1)]
        run = []
    return out


def keep(tok):
    return 0 < len(tok.encode()) <= MAX_TERM and any(ch.isalnum() for ch in tok)


CJK = "\u3005\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
WORD_RE = re.compile("([" + CJK + "]+)|([^\\W" + CJK + "]+)")


def segments(text):
    """Splits a normalised field into ('ja', run) and ('w', word) pieces, in order."""
    return [("ja", m.group(1)) if m.group(1) else ("w", m.group(2)) for m in WORD_RE.finditer(text)]


def prepare_terms(jsonl, out_path):
    """Japanese runs go through one `mecab -Owakati` process (a run per line); Latin words and
    numbers are split on non-word characters, as an analyzer that routes scripts would."""
    stem = xapian.Stem("english")
    mecab = subprocess.Popen(["mecab", "-b", "4194304", "-Owakati"], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True, encoding="utf-8")

    def feed():  # a thread feeds mecab while the main loop reads its output
        for n in read_notes(jsonl):
            for line in field_lines(n):
                for kind, piece in segments(line):
                    if kind == "ja":
                        mecab.stdin.write(piece + "\n")
        mecab.stdin.close()

    th = threading.Thread(target=feed)
    th.start()
    with open(out_path, "w", encoding="utf-8") as out:
        for n in read_notes(jsonl):
            fields, stems, bis = [], set(), []
            for line in field_lines(n):
                toks = []
                for kind, piece in segments(line):
                    if kind == "ja":
                        toks += mecab.stdout.readline().split()
                    else:
                        toks.append(piece)
                        if piece.isascii() and piece.isalpha():
                            st = stem(piece)
                            st = st.decode() if isinstance(st, bytes) else st
                            if st and len(st) < MAX_TERM:
                                stems.add("Z" + st)
                fields.append(" ".join(t for t in toks if keep(t)))
                bis.append(" ".join(bigrams(line)))
            data = json.dumps(n, ensure_ascii=False)
            out.write("\t".join([str(n["id"]), n["date"], FS.join(n["tags"]), FS.join(fields),
                                 " ".join(sorted(stems)), FS.join(bis), data]) + "\n")
    th.join()
    mecab.wait()
    if mecab.returncode != 0:
        raise RuntimeError("mecab failed")


def write(terms_path, dbpath):
    db = xapian.WritableDatabase(dbpath, xapian.DB_CREATE_OR_OVERWRITE)
    with open(terms_path, encoding="utf-8") as f:
        for line in f:
            did, date, tags, fields, stems, bis, data = line.rstrip("\n").split("\t")
            doc = xapian.Document()
            pos = 0
            for k, fld in enumerate(fields.split(FS)):
                inc = 10 if k == 0 else 1
                for t in fld.split():
                    pos += 1
                    doc.add_posting(t, pos, inc)
                pos += 100
            for z in stems.split():
                doc.add_term(z)
            pos = 0
            for fld in bis.split(FS):
                for b in fld.split():
                    pos += 1
                    doc.add_posting(b, pos)
                pos += 100
            for t in tags.split(FS):
                if t:
                    doc.add_boolean_term("K" + t)
            doc.add_boolean_term("Q" + did)
            doc.add_value(0, date)
            doc.set_data(data)
            db.replace_document(int(did), doc)
    db.commit()
    db.close()


class XapianFloor:
    name, label, kind = "xapian-floor", "Xapian writing pre-tokenized postings (floor)", "floor"

    def available(self):
        if xapian is None:
            return "python3-xapian not importable (use /usr/bin/python3; bench/setup)"
        if not which("mecab"):
            return "mecab not installed (bench/setup)"
        return None

    def db(self, work):
        return os.path.join(work, "db")

    def prepare(self, c, work):
        prepare_terms(c["jsonl"], os.path.join(work, "terms.tsv"))

    def clean(self, work):
        import shutil
        shutil.rmtree(self.db(work), ignore_errors=True)

    def index_cmd(self, work):
        return Cmd([SYS_PYTHON, os.path.abspath(__file__), "_write", os.path.join(work, "terms.tsv"),
                    self.db(work)])

    def reindex_cmd(self, work):
        return None

    def index_paths(self, work):
        return [self.db(work)]

    def count(self, work):
        return xapian.Database(self.db(work)).get_doccount()

    def query_cmd(self, work, q, facets):
        return None

    def inproc(self, work, queries, repeat, facets):
        return None

    def rank(self, work, q, limit):
        return None


PEER = XapianFloor()

if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "_write":
        write(sys.argv[2], sys.argv[3])
    else:
        script_main(PEER)
