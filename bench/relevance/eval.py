#!/usr/bin/env python3
"""nDCG@10 and MRR per system and query class, from ranked note ids on the real corpus.

    eval.py RUNS.json [--queries queries.tsv] [--qrels qrels.tsv] [--json OUT.json]

RUNS.json: {"system": {"query id": [issue numbers, best first], ...}, ...} — bench/run writes it
(results.json -> relevance.runs holds the same object). queries.tsv: `qid<TAB>class<TAB>query`;
qrels.tsv: `qid<TAB>issue<TAB>grade` with grade 2 (answers the query), 1 (partly / related),
0 (judged not relevant). Unjudged notes count as 0.

nDCG@10 uses gain 2^grade - 1 and log2(rank + 1) discount, the ideal ranking taken from the
judgements; MRR is 1/rank of the first note with grade >= 1 (0 when none in the list). A query a
system cannot answer (no results) scores 0. Means are over the queries of a class.
"""
import argparse
import json
import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CLASSES = ("ja-topic", "en-topic", "title-words", "width-variant", "katakana-variant", "mixed", "model-name", "reading",
           "near-words")


def read_queries(path):
    out = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            qid, cls, q = line.rstrip("\n").split("\t")
            out[qid] = (cls, q)
    return out


def read_qrels(path):
    out = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            qid, doc, grade = line.rstrip("\n").split("\t")
            out.setdefault(qid, {})[int(doc)] = int(grade)
    return out


def ndcg_at(ranked, judged, k=10):
    dcg = sum((2 ** judged.get(d, 0) - 1) / math.log2(i + 2) for i, d in enumerate(ranked[:k]))
    ideal = sorted((g for g in judged.values() if g > 0), reverse=True)[:k]
    idcg = sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def rr(ranked, judged):
    for i, d in enumerate(ranked):
        if judged.get(d, 0) >= 1:
            return 1.0 / (i + 1)
    return 0.0


def evaluate(runs, queries, qrels):
    """{system: {class: {"ndcg10", "mrr", "n"}, ..., "all": {...}}}"""
    out = {}
    for system, run in runs.items():
        per_class = {}
        for qid, (cls, _) in queries.items():
            ranked = run.get(qid, [])
            judged = qrels.get(qid, {})
            for c in (cls, "all"):
                per_class.setdefault(c, []).append((ndcg_at(ranked, judged), rr(ranked, judged)))
        out[system] = {c: {"ndcg10": round(sum(x for x, _ in v) / len(v), 4),
                           "mrr": round(sum(y for _, y in v) / len(v), 4), "n": len(v)}
                       for c, v in per_class.items()}
    return out


def per_query(runs, queries, qrels):
    return {s: {qid: {"ndcg10": round(ndcg_at(run.get(qid, []), qrels.get(qid, {})), 4),
                      "rr": round(rr(run.get(qid, []), qrels.get(qid, {})), 4)}
                for qid in queries} for s, run in runs.items()}


def check(queries, qrels):
    """Problems with the judged set itself (empty when consistent)."""
    probs = []
    for qid, (cls, q) in queries.items():
        if cls not in CLASSES:
            probs.append(f"{qid}: unknown class {cls!r}")
        if not any(g > 0 for g in qrels.get(qid, {}).values()):
            probs.append(f"{qid}: no relevant note judged")
    for qid, judged in qrels.items():
        if qid not in queries:
            probs.append(f"qrels name an unknown query {qid}")
        for d, g in judged.items():
            if g not in (0, 1, 2):
                probs.append(f"{qid} #{d}: grade {g} not in 0..2")
    return probs


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("runs", help="JSON {system: {qid: [ids]}} or a bench/run results.json")
    ap.add_argument("--queries", default=os.path.join(HERE, "queries.tsv"))
    ap.add_argument("--qrels", default=os.path.join(HERE, "qrels.tsv"))
    ap.add_argument("--json", help="write the metrics (and per-query figures) here")
    a = ap.parse_args()
    with open(a.runs, encoding="utf-8") as f:
        runs = json.load(f)
    if "relevance" in runs and isinstance(runs["relevance"], dict):
        runs = runs["relevance"].get("runs", {})
    queries, qrels = read_queries(a.queries), read_qrels(a.qrels)
    probs = check(queries, qrels)
    for p in probs:
        print("eval.py:", p, file=sys.stderr)
    met = evaluate(runs, queries, qrels)
    classes = [c for c in CLASSES if any(c in v for v in met.values())] + ["all"]
    print("| system | " + " | ".join(classes) + " |")
    print("|---|" + "---:|" * len(classes))
    for s, v in met.items():
        print(f"| {s} | " + " | ".join(f"{v[c]['ndcg10']:.3f} / {v[c]['mrr']:.3f}" if c in v else "–"
                                     for c in classes) + " |")
    if a.json:
        with open(a.json, "w", encoding="utf-8") as f:
            json.dump({"metrics": met, "per_query": per_query(runs, queries, qrels)}, f, indent=1)
    sys.exit(1 if probs else 0)


if __name__ == "__main__":
    main()
