#!/usr/bin/python3
"""A Xapian 1.4.22 matcher inconsistency, reduced: a note's weight depends on how far the match runs.

    bench/xapian_or_phrase_weight.py [SEED] [NOTES]

Builds an in-memory database of random documents, runs AND(t, OR(a, b, PHRASE(p q), c)) to depths
1, 3, 10 and 50, and compares each hit's weight with the same query filtered to that document
alone. With 1.4.22 some hits weigh more in the run than alone (up to about twice), so a note can
climb a page it does not belong on. Seen with three or four OR'd branches beside a phrase under the
AND (or a FILTER); not with the OR alone. notes-search's near-words rerank (src/search/rerank.cc) weighs its
candidates one by one, as "alone" does here. Exit 1 when an inconsistency is found.
"""
import random
import sys

import xapian

seed = int(sys.argv[1]) if len(sys.argv) > 1 else 3
notes = int(sys.argv[2]) if len(sys.argv) > 2 else 20000
random.seed(seed)
db = xapian.WritableDatabase("", xapian.DB_BACKEND_INMEMORY)
vocab = {"t": 0.05, "p": 0.1, "q": 0.05, "r": 0.05, "a": 0.03, "b": 0.03, "c": 0.01}
for i in range(notes):
    words = [w for w, share in vocab.items() if random.random() < share for _ in range(random.randint(1, 3))]
    words += ["common%d" % random.randint(0, 3) for _ in range(4)]
    words += ["filler%d" % random.randint(0, 50) for _ in range(random.randint(0, 30))]
    random.shuffle(words)
    doc = xapian.Document()
    for pos, w in enumerate(words, 1):
        doc.add_posting(w, pos)
    doc.add_boolean_term("Q%d" % (i + 1))
    db.add_document(doc)

Q = xapian.Query
phrase = Q(Q.OP_PHRASE, [Q("p"), Q("q")], 2)
query = Q(Q.OP_AND, [Q("t"), Q(Q.OP_OR, [Q("a"), Q("b"), phrase, Q("c")])])


def mset(q, depth):
    enquire = xapian.Enquire(db)
    enquire.set_weighting_scheme(xapian.BM25Weight())
    enquire.set_query(q)
    return enquire.get_mset(0, depth)


found = 0
for depth in (1, 3, 10, 50):
    for hit in mset(query, depth):
        alone = list(mset(Q(Q.OP_FILTER, query, Q("Q%d" % hit.docid)), 1))[0].weight
        if abs(alone - hit.weight) > 1e-9:
            found += 1
            print("xapian %s: depth %d, document %d weighs %.6f in the run, %.6f alone"
                  % (xapian.version_string(), depth, hit.docid, hit.weight, alone))
print("%d inconsistent weights (seed %d, %d documents)" % (found, seed, notes))
sys.exit(1 if found else 0)
