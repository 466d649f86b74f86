"""Turns bench/run's results.json into a markdown report and a plot (used by bench/run; also
`/usr/bin/python3 bench/report.py results.json` to redraw)."""
import json
import os
import sys

MIB = 2**20
CLASS_ORDER = ["ja-topic", "en-topic", "title-words", "width-variant", "katakana-variant", "mixed", "model-name", "reading",
               "near-words"]


def fmt(v, nd=2):
    if v is None:
        return "–"
    if isinstance(v, float):
        if v >= 100:
            return f"{v:.0f}"
        if v >= 10:
            return f"{v:.1f}"
        return f"{v:.{nd}f}"
    return str(v)


def ratio(v, best):
    if v is None or best in (None, 0):
        return "–"
    return f"×{v / best:.2f}"


def best_peer(systems, kinds, getter):
    vals = [getter(r) for n, r in systems.items() if kinds.get(n) == "peer" and getter(r) is not None]
    return min(vals) if vals else None


def g(*path):
    def get(r):
        for p in path:
            if not isinstance(r, dict) or p not in r:
                return None
            r = r[p]
        return r
    return get


def markdown(res):
    kinds = {n: s["kind"] for n, s in res["systems"].items()}
    labels = {n: s["label"] for n, s in res["systems"].items()}
    m = res["machine"]
    def loads(mm):
        s_ = f"load average at start {', '.join(f'{x:.2f}' for x in mm.get('loadavg_at_start') or [])}"
        if mm.get("loadavg_at_end"):
            s_ += f", at end {', '.join(f'{x:.2f}' for x in mm['loadavg_at_end'])}"
        return s_
    runs = res.get("runs") or [{"command": res["command"], "started": res["started"],
                                "finished": res.get("finished"), "machine": m, "scales": None,
                                "queries": res.get("queries")}]
    out = ["# notes-search benchmark results", "", "Made by:", ""]
    for run in runs:
        rq = run.get("queries") or {}
        out.append(f"- `{run['command']}` — started {run['started']}, finished {run.get('finished')}"
                   + (f"; scales {', '.join(f'{int(x):,}' for x in run['scales'])}" if run.get("scales") else "")
                   + (f"; each query {rq.get('repeat_process')}× as a whole process, {rq.get('repeat_inproc')}× "
                      "in process" if rq else "")
                   + f"; {loads(run['machine'])}.")
    out += ["", "## Machine", "",
            f"- {m.get('nproc')} cores (usable: {m.get('affinity')}), {m.get('mem_gib')} GiB memory, "
            f"{m.get('cpu')}", f"- {m.get('os')}, Linux {m.get('kernel')}",
            "- " + "; ".join(f"{k}: {v}" for k, v in (m.get("versions") or {}).items()), ""]
    q = res.get("queries") or {}
    out += [f"Queries: {q.get('count')} from `{q.get('file')}`. Ratios are to the best peer "
            "(Groonga, SQLite FTS5, Xapian, ripgrep) for that figure at that scale; lower is better.", ""]
    scales = res.get("scales") or {}
    if scales:
        out += ["## Corpora", "", "| notes | tag pages | pages MB | JSONL MB | raw text MB | generation s |",
                "|---:|---:|---:|---:|---:|---:|"]
        for size, sc in scales.items():
            c = sc.get("corpus")
            if c:
                out.append(f"| {c['notes']} | {c['pages']} | {c['pages_bytes'] / 1e6:.1f} | "
                           f"{c['jsonl_bytes'] / 1e6:.1f} | {c['text_bytes'] / 1e6:.1f} | {c['seconds']} |")
        out.append("")
    for size, sc in scales.items():
        systems = sc.get("systems") or {}
        if not systems:
            continue
        out += [f"## {int(size):,} notes", "", "### Index build", "",
                "| system | index s | ratio | CPU s | peak RSS MiB | ratio | index MiB | ÷ raw text | ratio | "
                "no-op re-index s | ratio | load |", "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
        bt = best_peer(systems, kinds, g("index_s"))
        bm = best_peer(systems, kinds, g("index_rss_kib"))
        bs = best_peer(systems, kinds, g("index_bytes"))
        br = best_peer(systems, kinds, g("reindex_s"))
        for n, r in systems.items():
            if "unavailable" in r:
                out.append(f"| {n} | not available: {r['unavailable']} |||||||||||")
                continue
            if "skipped" in r:
                out.append(f"| {n} | not run at this scale: {r['skipped']} |||||||||||")
                continue
            if r.get("index_s") is None and not r.get("errors"):
                continue
            rss = r.get("index_rss_kib")
            size_b = r.get("index_bytes")
            out.append("| " + " | ".join([
                n + (" (floor)" if kinds.get(n) == "floor" else "")
                + (f" (run of {r['run'][:16].replace('T', ' ')})" if r.get("run") else ""),
                fmt(r.get("index_s")), ratio(r.get("index_s"), bt), fmt(r.get("index_cpu_s")),
                fmt(rss / 1024 if rss else None, 1), ratio(rss, bm),
                fmt(size_b / MIB if size_b else None, 1), fmt(r.get("index_per_text")), ratio(size_b, bs),
                fmt(r.get("reindex_s")), ratio(r.get("reindex_s"), br),
                fmt((r.get("loadavg_before") or [None])[0])]) + " |")
        out += ["", "CPU s: user + system time of the build (all threads; notes-index runs two). load: the "
                "machine's 1-minute load average when the system's turn began (2 cores; other developers' "
                "builds share the machine).", ""]
        for kind, title in (("process", "Query latency, whole process (ms)"),
                            ("inproc", "Query latency, in process (ms)")):
            out += [f"### {title}", "",
                    "| system | p50 | p95 | ratio p50 | p50 with facets | p95 with facets | ratio p50 | "
                    "p50 ja / en / mixed |", "|---|---:|---:|---:|---:|---:|---:|---|"]
            b1 = best_peer(systems, kinds, g(f"{kind}_plain", "p50_ms"))
            b2 = best_peer(systems, kinds, g(f"{kind}_facets", "p50_ms"))
            any_row = False
            for n, r in systems.items():
                a, b = r.get(f"{kind}_plain"), r.get(f"{kind}_facets")
                if not a and not b:
                    if kind == "inproc" and kinds.get(n) == "ours" and r.get("process_plain"):
                        out.append(f"| {n} | not measured (build/bench/notes-bench-query missing) |||||||")
                    continue
                any_row = True
                src = a or b
                cls = " / ".join(fmt(src.get(f"p50_ms_{c}")) for c in ("ja", "en", "mixed"))
                out.append("| " + " | ".join([
                    n + (f" (run of {r['run'][:16].replace('T', ' ')})" if r.get("run") else ""), fmt(g("p50_ms")(a)), fmt(g("p95_ms")(a)), ratio(g("p50_ms")(a), b1),
                    fmt(g("p50_ms")(b)), fmt(g("p95_ms")(b)), ratio(g("p50_ms")(b), b2), cls]) + " |")
            if not any_row:
                out.append("| (no system measured) |||||||")
            out.append("")
        for n, r in systems.items():
            fc = r.get("facet_counting")
            if not fc:
                continue
            counts = [c for c in fc["count"] if c["matches"]]
            big = max(counts, key=lambda c: c["matches"]) if counts else None
            per = sorted(c["ns_per_match"] for c in counts if c["matches"] >= 100)
            ma = fc.get("match_all")
            out += [f"### Tag-facet counting ({n}, in process)", "",
                    "| counted | notes | p50 ms | p95 ms | the same matches visited, not counted: p50 ms |",
                    "|---|---:|---:|---:|---:|",
                    f"| every note (`Searcher::all_tags`) | {int(size):,} | {fmt(fc['all_tags']['p50_ms'])} | "
                    f"{fmt(fc['all_tags']['p95_ms'])} | – |",
                    f"| each query's matches, all {len(fc['count'])} queries | – | {fmt(fc['count_all']['p50_ms'])} | "
                    f"{fmt(fc['count_all']['p95_ms'])} | {fmt(ma['p50_ms']) if ma else '–'} |"]
            if big:
                out.append(f"| the largest match set (`{big['query']}`) | {big['matches']:,} | "
                           f"{fmt(big['p50_ms'])} | – | {fmt(big.get('match_p50_ms'))} |")
            if per:
                out += ["", f"Matching and counting together: {fmt(per[len(per) // 2], 0)} ns per matching note (median "
                        f"over queries with ≥ 100 matches; range {fmt(per[0], 0)}–{fmt(per[-1], 0)}: phrase queries "
                        "cost more per match, and small match sets carry the query's fixed cost)."]
                if big and big.get("match_p50_ms") is not None:
                    c_ms = big["p50_ms"] - big["match_p50_ms"]
                    out[-1] += (f" On the largest match set the counting alone (tags value read, split, counted) "
                                f"takes {fmt(c_ms)} ms, {fmt(c_ms * 1e6 / big['matches'], 0)} ns per match, and "
                                f"visiting the matches {fmt(big['match_p50_ms'])} ms.")
            out.append("")
        errs = [f"- {n}: {e}" for n, r in systems.items() for e in r.get("errors", [])]
        if errs:
            out += ["### Failures", ""] + errs + [""]
    rel = res.get("relevance")
    if rel and rel.get("metrics"):
        met = rel["metrics"]
        classes = [c for c in CLASS_ORDER if any(c in v for v in met.values())]
        classes += sorted({c for v in met.values() for c in v} - set(classes) - {"all"})
        out += ["## Relevance on the real corpus (nDCG@10 / MRR)", "",
                f"{rel['corpus']['notes']} notes; queries and judgements in `bench/relevance/`. "
                "Best value per column in bold.", "",
                "| system | " + " | ".join(classes + ["all"]) + " |",
                "|---|" + "---:|" * (len(classes) + 1)]
        best = {}
        for c in classes + ["all"]:
            vals = [v[c]["ndcg10"] for v in met.values() if c in v]
            best[c] = max(vals) if vals else None
        for n, v in met.items():
            cells = []
            for c in classes + ["all"]:
                if c not in v:
                    cells.append("–")
                    continue
                s = f"{v[c]['ndcg10']:.3f} / {v[c]['mrr']:.3f}"
                cells.append(f"**{s}**" if v[c]["ndcg10"] == best[c] else s)
            out.append(f"| {n} | " + " | ".join(cells) + " |")
        n_q = {c: next(iter(met.values()))[c]["n"] for c in classes + ["all"] if c in next(iter(met.values()))}
        out += ["", "Queries per class: " + ", ".join(f"{c} {k}" for c, k in n_q.items()), ""]
        for e in rel.get("errors", []):
            out.append(f"- failure: {e}")
    if res.get("failures"):
        out += ["## Failed steps", ""] + [f"- {f}" for f in res["failures"]] + [""]
    out += ["## Systems", ""] + [f"- **{n}**: {labels[n]} ({kinds[n]})" for n in labels] + [
        "", "What each figure means and its limits: `bench/README.md`.", ""]
    return "\n".join(out)


def plot(res, path):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    scales = res.get("scales") or {}
    sizes = sorted(int(s) for s in scales)
    if not sizes:
        return False
    names = list(res["systems"])
    fig, axes = plt.subplots(1, 4, figsize=(21, 5.2))
    # (key, sub, title): a figure per system and scale; for latency, solid = without facets,
    # dotted = with facets (notes-search's whole-process columns are one command).
    panels = [("index_s", None, "full index time (s)"),
              ("index_bytes", None, "index size on disk (MiB)"),
              ("process", "p50_ms", "query p50, whole process (ms)"),
              ("inproc", "p50_ms", "query p50, in process (ms)")]

    def value(r, key, sub):
        v = r.get(key)
        if sub:
            v = (v or {}).get(sub)
        return v

    for ax, (key, sub, title) in zip(axes, panels):
        for ci, n in enumerate(names):
            kind = res["systems"][n]["kind"]
            variants = [(f"{key}_plain", "-", n), (f"{key}_facets", ":", None)] if sub else [(key, "-", n)]
            for k, style, label in variants:
                xs, ys = [], []
                for s_ in sizes:
                    r = (scales[str(s_)].get("systems") or {}).get(n) or {}
                    v = value(r, k, sub)
                    if v and key == "index_bytes":
                        v = v / 2**20
                    if v:
                        xs.append(s_), ys.append(v)
                if xs:
                    ax.plot(xs, ys, marker="o" if style == "-" else ".", label=label, color=f"C{ci}",
                            linestyle="--" if kind == "floor" else style,
                            linewidth=2.2 if kind == "ours" else 1.3)
        if sub:
            ax.axhline(50, color="grey", linewidth=0.8, linestyle="-.")
            ax.text(sizes[0], 52, "50 ms", fontsize=7, color="grey")
            ax.plot([], [], color="black", linestyle=":", label="(dotted: with tag facets)")
        ax.set_xscale("log"), ax.set_yscale("log")
        ax.set_xlabel("notes"), ax.set_title(title), ax.grid(True, which="both", alpha=0.3)
        if ax.get_legend_handles_labels()[0]:
            ax.legend(fontsize=7)
    m = res["machine"]
    fig.suptitle(f"notes-search vs peers — {m.get('nproc')} cores, {m.get('mem_gib')} GiB")
    fig.tight_layout()
    fig.savefig(path, dpi=85)
    plt.close(fig)
    return True


def merge(runs):
    """One results dict from several runs of bench/run (e.g. 1K-100K in one, 1M in another): the
    scales of later runs are added (a scale measured twice: the later run's), relevance from the
    last run that has it; each run's command and machine (load!) is kept in "runs"."""
    out = json.loads(json.dumps(runs[0]))
    out["runs"] = []
    for r in runs:
        out["runs"].append({"command": r["command"], "started": r["started"], "finished": r.get("finished"),
                            "machine": r["machine"], "scales": list((r.get("scales") or {}).keys()),
                            "queries": r.get("queries")})
        if r is not runs[0]:
            for size, sc in (r.get("scales") or {}).items():
                if size not in out["scales"]:
                    out["scales"][size] = sc
                    continue
                # the same scale again (a re-run of some systems): its systems replace the earlier ones
                mine = out["scales"][size].setdefault("systems", {})
                for name, rec in (sc.get("systems") or {}).items():
                    if "skipped" in rec and name in mine:
                        continue
                    mine[name] = dict(rec, run=r["started"])
            if r.get("relevance"):
                out["relevance"] = r["relevance"]
            out["failures"] = (out.get("failures") or []) + (r.get("failures") or [])
    out["scales"] = dict(sorted(out["scales"].items(), key=lambda kv: int(kv[0])))
    return out


if __name__ == "__main__":
    # report.py results.json                      -> results.md and plot.png next to it
    # report.py --out DIR run1.json run2.json ...  -> DIR/results.json (merged), results.md, plot.png
    if sys.argv[1] == "--out":
        d, paths = sys.argv[2], sys.argv[3:]
        runs = []
        for p in paths:
            with open(p, encoding="utf-8") as f:
                runs.append(json.load(f))
        r = merge(runs)
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "results.json"), "w", encoding="utf-8") as f:
            json.dump(r, f, ensure_ascii=False, indent=1)
        with open(os.path.join(d, "results.md"), "w", encoding="utf-8") as f:
            f.write(markdown(r))
        plot(r, os.path.join(d, "plot.png"))
        sys.exit(0)
    with open(sys.argv[1], encoding="utf-8") as f:
        r = json.load(f)
    d = os.path.dirname(os.path.abspath(sys.argv[1]))
    with open(os.path.join(d, "results.md"), "w", encoding="utf-8") as f:
        f.write(markdown(r))
    plot(r, os.path.join(d, "plot.png"))
