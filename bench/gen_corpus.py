#!/usr/bin/env python3
"""Benchmark corpus generator for notes-search (stdlib only).

    gen_corpus.py SIZE OUTDIR [--seed N] [--real-dir DIR]
        Writes SIZE synthetic notes as Jekyll tag pages into OUTDIR (one <Tag>.markdown per tag, in
        the real site's markup) and the same notes as OUTDIR.jsonl (one JSON object per note).
    gen_corpus.py real OUTDIR [--real-dir DIR]
        Converts the real tag pages to OUTDIR.jsonl, one object per issue number (notes merged over
        pages); writes no pages (index the real folder itself).

The synthetic notes are remixed, at run time, from the real pages in
../shared/corpus/paper_notes/_articles (relative to the repository; override with --real-dir or
$NOTES_BENCH_REAL_DIR). Nothing of that text is stored in this repository.

Each synthetic note i (issue number 1..SIZE) is drawn from its own RNG seeded by (seed, i), so the
output depends only on SIZE, the seed and the real pages. A note copies the *shape* of a random real
note (which snippets it has, how many sentences, whether it has an image, its tag set) and fills it
with random real material: summary sentences and comment sentences (split on 。) from any note,
titles spliced from two real titles, the tag set resampled (a tag dropped / added by frequency).
Dates grow with the issue number and spread over 2015-01-01..2025-12-31.

Page layout follows the site: front matter, `## Tag`, the first three notes in
<div class="visible-content">, then the "more" button and <div class="hidden-content"> with the rest
and the hide button. Order is the site's: notes without the Article tag first, then Article notes,
each group newest first (ties: highest issue number first). A note's buttons leave out the page's own
tag. The generator streams: memory stays flat whatever SIZE (two passes over the issue numbers, the
second one only for Article notes).
"""
import argparse
import datetime
import json
import os
import random
import re
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_REAL_DIR = os.path.normpath(
    os.path.join(HERE, "..", "..", "shared", "corpus", "paper_notes", "_articles"))
REPO_URL = "https://github.com/AkihikoWatanabe/paper_notes"
AUTHOR = "AkihikoWATANABE"
ASSET_URL = REPO_URL + "/assets/12249301/"
DATE_START = datetime.date(2015, 1, 1)
DATE_END = datetime.date(2025, 12, 31)

# ---------------------------------------------------------------------------------------------
# Reading the real pages
# ---------------------------------------------------------------------------------------------
NOTE_START_RE = re.compile(
    r'((?:<a class="button" href="[^"]*">[^<]*</a>)*)<br><span class="issue_date">Issue Date: ([0-9-]*)</span>\n'
    r'<a href="([^"]*?/issues/(\d+))">(.*?)</a>\n')
BUTTON_RE = re.compile(r'<a class="button" href="[^"]*">#?([^<]*)</a>')
SNIPPET_RE = re.compile(r'<span class="snippet">(?:<span>(Summary|Comment)</span>)?(.*?)</span>\n', re.S)
IMG_RE = re.compile(r'<img src="([^"]*)" alt="([^"]*)">')
HEADING_RE = re.compile(r'^## (.*)$', re.M)


def is_placeholder(text):
    t = text.strip()
    return t == "" or t.startswith("No description")


def parse_page(path):
    """Returns (heading tag, [note dict]) for one real tag page, notes in page order."""
    with open(path, encoding="utf-8", newline="") as f:
        text = f.read()
    m = HEADING_RE.search(text)
    if not m:
        return None, []
    page_tag = m.group(1).strip()
    starts = list(NOTE_START_RE.finditer(text))
    notes = []
    for k, st in enumerate(starts):
        end = starts[k + 1].start() if k + 1 < len(starts) else len(text)
        body = text[st.end():end]
        summary, comment, last = "", "", 0
        for sm in SNIPPET_RE.finditer(body):
            label, snip = sm.group(1), sm.group(2)
            last = sm.end()
            if is_placeholder(snip):
                continue
            if label == "Summary":
                summary = summary or snip
            else:  # "Comment", or an unlabeled snippet of the older generator
                comment = comment or snip
        images = [{"src": im.group(1), "alt": im.group(2)} for im in IMG_RE.finditer(body[last:])]
        tags = []
        for b in BUTTON_RE.findall(st.group(1)):
            if b not in tags:
                tags.append(b)
        notes.append({"id": int(st.group(4)), "title": st.group(5), "url": st.group(3),
                      "date": st.group(2), "tags": tags, "summary": summary, "comment": comment,
                      "images": images})
    return page_tag, notes


def read_real_notes(real_dir):
    """Merges the real pages into one note per issue number, sorted by id.

    Tags: union of the note's buttons and the page's heading over all pages (files in sorted
    order), first-seen order. Title/date/url: first seen. Summary/comment: the longest
    non-placeholder text seen (pages come from different commits and may disagree)."""
    if not os.path.isdir(real_dir):
        sys.exit(f"gen_corpus: real tag pages not found: {real_dir} (use --real-dir)")
    files = sorted(f for f in os.listdir(real_dir) if f.endswith((".markdown", ".md", ".html")))
    merged = {}
    for fn in files:
        page_tag, notes = parse_page(os.path.join(real_dir, fn))
        for n in notes:
            m = merged.get(n["id"])
            if m is None:
                m = merged[n["id"]] = dict(n, tags=[])
            for t in n["tags"] + [page_tag]:
                if t not in m["tags"]:
                    m["tags"].append(t)
            for field in ("summary", "comment"):
                if len(n[field]) > len(m[field]):
                    m[field] = n[field]
            if not m["date"]:
                m["date"] = n["date"]
            for im in n["images"]:
                if im not in m["images"]:
                    m["images"].append(im)
    if not merged:
        sys.exit(f"gen_corpus: no notes found in {real_dir}")
    return [merged[k] for k in sorted(merged)]


# ---------------------------------------------------------------------------------------------
# Material pools for the remix
# ---------------------------------------------------------------------------------------------
def split_sentences(text):
    """Splits snippet text on 。 (kept). A trailing ' ...' (the site's truncation) is removed and
    the truncated last fragment is kept only when `keep_tail`."""
    truncated = text.endswith(" ...")
    if truncated:
        text = text[:-4]
    parts = [p + "。" for p in text.split("。")[:-1]]
    tail = text.split("。")[-1]
    return parts, tail.strip(), truncated


def usable(piece):
    # Drop fragments holding markup (cut <img ...> tags would break an HTML tokenizer) and empties.
    return piece.strip() != "" and "<" not in piece and "No description" not in piece


class Material:
    def __init__(self, real_notes):
        self.summary_sents, self.comment_sents = [], []
        self.heads, self.tails, self.templates = [], [], []
        tag_freq = {}
        for n in real_notes:
            s_parts, s_tail, s_trunc = split_sentences(n["summary"]) if n["summary"] else ([], "", False)
            if s_tail and not s_trunc:
                s_parts.append(s_tail)
            c_parts, c_tail, _ = split_sentences(n["comment"]) if n["comment"] else ([], "", False)
            if c_tail:
                c_parts.append(c_tail)
            s_parts = [p for p in s_parts if usable(p)]
            c_parts = [p for p in c_parts if usable(p)]
            self.summary_sents += s_parts
            self.comment_sents += c_parts
            title = n["title"]
            if ", " in title:
                head, tail = title.split(", ", 1)
                self.tails.append(tail)
            else:
                head = title
            self.heads.append(head)
            for t in n["tags"]:
                tag_freq[t] = tag_freq.get(t, 0) + 1
            self.templates.append((len(s_parts), len(c_parts), bool(n["images"]), tuple(n["tags"])))
        self.tags = sorted(tag_freq)
        self.tag_weights = [tag_freq[t] for t in self.tags]
        self.cum_tag_weights = []
        acc = 0
        for w in self.tag_weights:
            acc += w
            self.cum_tag_weights.append(acc)
        if not self.summary_sents or not self.comment_sents:
            sys.exit("gen_corpus: the real pages gave no summary or comment sentences")

    def title(self, rng):
        a = rng.choice(self.heads)
        wa = a.split(" ")
        if len(wa) >= 3 and rng.random() < 0.6:
            b = rng.choice(self.heads)
            wb = b.split(" ")
            if len(wb) >= 3:
                a = " ".join(wa[: max(1, len(wa) // 2)] + wb[len(wb) // 2:])
        if self.tails and rng.random() < 0.7:
            return a + ", " + rng.choice(self.tails)
        return a

    def note(self, i, size, seed):
        rng = random.Random(seed * 1000003 + i)
        n_sum, n_com, has_img, tags = rng.choice(self.templates)
        tags = list(tags)
        if len(tags) > 1 and rng.random() < 0.3:
            del tags[rng.randrange(len(tags))]
        if rng.random() < 0.3:
            t = rng.choices(self.tags, cum_weights=self.cum_tag_weights)[0]
            if t not in tags:
                tags.insert(rng.randrange(len(tags) + 1), t)
        summary = "".join(rng.choice(self.summary_sents) for _ in range(n_sum))
        comment = "".join(rng.choice(self.comment_sents) for _ in range(n_com))
        if comment:
            comment += " ..."  # the site truncates comments and marks it so
        days = (DATE_END - DATE_START).days
        date = DATE_START + datetime.timedelta(days=(i - 1) * days // max(1, size - 1) if size > 1 else 0)
        images = []
        if has_img:
            images.append({"src": ASSET_URL + "%08x-%04x-%04x-%04x-%012x" % (
                rng.getrandbits(32), rng.getrandbits(16), 0x4000 | rng.getrandbits(12),
                0x8000 | rng.getrandbits(14), rng.getrandbits(48)), "alt": "image"})
        return {"id": i, "title": self.title(rng), "url": f"{REPO_URL}/issues/{i}",
                "date": date.isoformat(), "tags": tags, "summary": summary, "comment": comment,
                "images": images}


# ---------------------------------------------------------------------------------------------
# Writing tag pages
# ---------------------------------------------------------------------------------------------
def page_file_name(tag):
    return tag.replace("/", "_") + ".markdown"


def button(tag):
    return f'<a class="button" href="articles/{tag.replace("/", "_")}.html">#{tag}</a>'


DIVIDER = '</div>\n<button onclick="showMore(0)">more</button>\n\n<div class="hidden-content">\n'
HIDE_END = '<button onclick="hideContent(0)" style="display: none;">hide</button>\n</div>\n'


class PageWriter:
    def __init__(self, outdir):
        self.outdir = outdir
        self.files = {}
        self.counts = {}
        self.buttons = {}
        self.bytes = 0

    def _open(self, tag):
        f = open(os.path.join(self.outdir, page_file_name(tag)), "w", encoding="utf-8",
                 newline="", buffering=1 << 16)
        f.write(f"---\nlayout: post\ntitle: {tag}に関する論文・技術記事メモの一覧\n"
                f"author: {AUTHOR}\n---\n## {tag}\n<div class=\"visible-content\">\n")
        self.files[tag] = f
        self.counts[tag] = 0
        return f

    def write(self, note):
        tags = note["tags"]
        for t in tags:
            if t not in self.buttons:
                self.buttons[t] = button(t)
        rest = [f'<br><span class="issue_date">Issue Date: {note["date"]}</span>\n'
                f'<a href="{note["url"]}">{note["title"]}</a>\n']
        if note["summary"]:
            rest.append(f'<span class="snippet"><span>Summary</span>{note["summary"]}</span>\n')
        if note["comment"]:
            rest.append(f'<span class="snippet"><span>Comment</span>{note["comment"]}</span>\n')
        for im in note["images"]:
            rest.append(f'<img src="{im["src"]}" alt="{im["alt"]}">')
        rest = "".join(rest)
        for page in tags:
            f = self.files.get(page) or self._open(page)
            c = self.counts[page]
            if c == 3:
                f.write(DIVIDER)
            self.counts[page] = c + 1
            f.write("".join(self.buttons[t] for t in tags if t != page))
            f.write(rest)

    def close(self):
        for tag, f in self.files.items():
            f.write(HIDE_END if self.counts[tag] > 3 else "</div>\n")
            self.bytes += f.tell()
            f.close()


def dump_json(note):
    return json.dumps(note, ensure_ascii=False, separators=(",", ":")) + "\n"


def generate(size, outdir, seed, real_dir):
    t0 = time.time()
    mat = Material(read_real_notes(real_dir))
    os.makedirs(outdir, exist_ok=True)
    for fn in os.listdir(outdir):  # a fresh corpus: stale pages of an earlier run would mislead
        if fn.endswith(".markdown"):
            os.unlink(os.path.join(outdir, fn))
    jsonl_path = outdir.rstrip("/") + ".jsonl"
    pages = PageWriter(outdir)
    is_article = bytearray(size + 1)
    text_bytes = 0
    with open(jsonl_path, "w", encoding="utf-8", newline="\n", buffering=1 << 20) as jf:
        for i in range(size, 0, -1):  # newest first
            n = mat.note(i, size, seed)
            jf.write(dump_json(n))
            text_bytes += sum(len(n[k].encode()) for k in ("title", "summary", "comment"))
            text_bytes += sum(len(t.encode()) + 1 for t in n["tags"])
            if "Article" in n["tags"]:
                is_article[i] = 1
            else:
                pages.write(n)
        for i in range(size, 0, -1):
            if is_article[i]:
                pages.write(mat.note(i, size, seed))
        jsonl_bytes = jf.tell()
    pages.close()
    return {"notes": size, "seed": seed, "pages": len(pages.files), "pages_dir": outdir,
            "pages_bytes": pages.bytes, "jsonl": jsonl_path, "jsonl_bytes": jsonl_bytes,
            "text_bytes": text_bytes, "seconds": round(time.time() - t0, 3)}


def convert_real(outdir, real_dir):
    t0 = time.time()
    notes = read_real_notes(real_dir)
    jsonl_path = outdir.rstrip("/") + ".jsonl"
    os.makedirs(os.path.dirname(os.path.abspath(jsonl_path)), exist_ok=True)
    text_bytes = 0
    with open(jsonl_path, "w", encoding="utf-8", newline="\n") as jf:
        for n in notes:
            jf.write(dump_json(n))
            text_bytes += sum(len(n[k].encode()) for k in ("title", "summary", "comment"))
            text_bytes += sum(len(t.encode()) + 1 for t in n["tags"])
    pages_bytes = sum(os.path.getsize(os.path.join(real_dir, f)) for f in os.listdir(real_dir))
    return {"notes": len(notes), "pages": len(os.listdir(real_dir)), "pages_dir": real_dir,
            "pages_bytes": pages_bytes, "jsonl": jsonl_path, "jsonl_bytes": os.path.getsize(jsonl_path),
            "text_bytes": text_bytes, "seconds": round(time.time() - t0, 3)}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("size", help="number of notes, or 'real' to convert the real pages to JSONL")
    ap.add_argument("outdir", help="folder for the tag pages; the JSONL goes to OUTDIR.jsonl")
    ap.add_argument("--seed", type=int, default=20240601)
    ap.add_argument("--real-dir", default=os.environ.get("NOTES_BENCH_REAL_DIR", DEFAULT_REAL_DIR))
    a = ap.parse_args()
    if a.size == "real":
        info = convert_real(a.outdir, a.real_dir)
    else:
        try:
            size = int(a.size.replace("_", "").upper().replace("K", "000").replace("M", "000000"))
        except ValueError:
            ap.error(f"SIZE must be a number of notes or 'real', not {a.size!r}")
        if size < 1:
            ap.error("SIZE must be at least 1")
        info = generate(size, a.outdir, a.seed, a.real_dir)
    print(json.dumps(info))


if __name__ == "__main__":
    main()
