#!/usr/bin/python3
"""`mecab` alone over the notes' text: the floor for any MeCab-based indexer.

prepare writes title, summary, comment and tag names of every note, one field per line (line breaks
inside a field turned into spaces), NFKC-normalised and lower-cased as an indexer would; the timed
step is only `mecab -Owakati` (ipadic) over that file, output discarded. No index, no queries.
"""
import os
import sys
import unicodedata

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import Cmd, read_notes, which, script_main  # noqa: E402


def field_lines(n):
    for text in (n["title"], n["summary"], n["comment"], " ".join(n["tags"])):
        t = unicodedata.normalize("NFKC", text).lower()
        yield " ".join(t.split())  # every kind of line break or run of blanks -> one space


def write_text(jsonl, path):
    with open(path, "w", encoding="utf-8") as f:
        for n in read_notes(jsonl):
            for line in field_lines(n):
                f.write(line + "\n")


class MecabFloor:
    name, label, kind = "mecab", "mecab -Owakati alone (floor)", "floor"

    def available(self):
        if not which("mecab"):
            return "mecab not installed (bench/setup)"
        return None

    def prepare(self, c, work):
        write_text(c["jsonl"], os.path.join(work, "text.txt"))

    def clean(self, work):
        pass

    def index_cmd(self, work):
        return Cmd(["mecab", "-b", "4194304", "-Owakati", "-o", "/dev/null", os.path.join(work, "text.txt")])

    def reindex_cmd(self, work):
        return None

    def index_paths(self, work):
        return []

    def count(self, work):
        return None

    def query_cmd(self, work, q, facets):
        return None

    def inproc(self, work, queries, repeat, facets):
        return None

    def rank(self, work, q, limit):
        return None


PEER = MecabFloor()

if __name__ == "__main__":
    script_main(PEER)
