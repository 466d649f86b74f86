#!/usr/bin/python3
"""json_schema_test — notes-search's --json output held to docs/notes-search.schema.json.

Indexes examples/, runs notes-search in every mode that writes JSON (a search, --explain, --like,
--tags, --stats, an empty result, did-you-mean, a tag's listing, --all-pages, show) and in
--format jsonl, and validates each output; then validates every --json and jsonl output the C++
tests kept (tests/support.cc, NOTES_JSON_LOG). Also checks that the schema is strict: an output
with an unknown field, or without its version, must fail.

Needs Debian's python3-jsonschema (scripts/install-deps).
"""
import argparse
import copy
import json
import os
import subprocess
import sys
import tempfile

try:
    import jsonschema
except ImportError:
    sys.exit("json_schema_test: cannot import jsonschema: install python3-jsonschema (scripts/install-deps)")

failures = []


def fail(what, message):
    failures.append(f"{what}: {message}")


def validator_for(schema, definition=None):
    """The whole schema's validator, or one of its $defs' (a jsonl line's)."""
    if definition is not None:
        schema = {k: v for k, v in schema.items() if k != "oneOf"}
        schema["$ref"] = "#/$defs/" + definition
    return jsonschema.Draft202012Validator(schema)


def check(validator, document, what):
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    for e in errors[:3]:
        fail(what, f"{'/'.join(map(str, e.absolute_path)) or '(top)'}: {e.message[:300]}")
    return not errors


def check_lines(validator, text, what):
    lines = text.splitlines()
    for n, line in enumerate(lines, 1):
        try:
            check(validator, json.loads(line), f"{what}, line {n}")
        except json.JSONDecodeError as e:
            fail(f"{what}, line {n}", f"not JSON: {e}")
    return len(lines)


def search(args, search_exe, db, env):
    p = subprocess.run([search_exe, "--db", db, *args], capture_output=True, text=True, env=env)
    if p.returncode != 0:
        fail(" ".join(args), f"exit {p.returncode}: {p.stderr.strip()}")
    return p.stdout


def own_runs(schema, whole, o, tmp):
    """notes-search's JSON in every mode, on the examples index."""
    db = os.path.join(tmp, "db")
    subprocess.run([o.index, "--db", db, "--quiet", o.examples], check=True)
    env = dict(os.environ, NO_COLOR="1")
    runs = {
        "search": ["--json", "LoRA 量子化"],
        "search, --format json": ["--format", "json", "--limit", "3", "LoRA"],
        "explain": ["--json", "--explain", "LoRAの量子化", "date:2023", "--tag", "NLP"],
        "explain, a field and a phrase": ["--json", "--explain", 'title:"low rank"', "-quantization"],
        "like": ["--json", "--like", "881", "--limit", "3"],
        "like, explain": ["--json", "--explain", "--like", "881"],
        "tags": ["--json", "--tags"],
        "stats": ["--json", "--stats"],
        "empty result": ["--json", "zzzqqqxxx"],
        "did-you-mean": ["--json", "quantizaton"],
        "a tag's listing": ["--json", "--tag", "NLP"],
        "partial": ["--json", "LoRA zzzqqqxxx"],
        "all pages": ["--json", "--all-pages", os.path.join(tmp, "pages")],
        "show": ["show", "881", "--json"],
        "show, --format json": ["show", "#1245", "--format", "json"],
    }
    outputs = {}
    for what, args in runs.items():
        out = search(args, o.search, db, env)
        try:
            outputs[what] = json.loads(out)
        except json.JSONDecodeError as e:
            fail(what, f"not JSON: {e}")
            continue
        check(whole, outputs[what], what)
        if outputs[what].get("version") != 1:
            fail(what, "no \"version\": 1")
    if "suggestion" not in outputs.get("did-you-mean", {}):
        fail("did-you-mean", "no suggestion: the run does not test what it says")
    if "explain" not in outputs.get("explain", {}):
        fail("explain", "no explain object")
    jsonl = {
        "search, jsonl": (["--format", "jsonl", "--limit", "4", "LoRA"], "result"),
        "tags, jsonl": (["--format=jsonl", "--tags"], "facet"),
        "show, jsonl": (["--format", "jsonl", "show", "881"], "note"),
    }
    for what, (args, definition) in jsonl.items():
        n = check_lines(validator_for(schema, definition), search(args, o.search, db, env), what)
        if n == 0:
            fail(what, "no line")
    return outputs


def strictness(whole, outputs):
    """A schema that let anything through would pass every output above: it must not."""
    results = outputs.get("search")
    if not results or not results.get("results"):
        fail("strictness", "no search output to alter")
        return
    altered = {
        "an unknown top-level field": lambda d: d.update(bogus=1),
        "no version": lambda d: d.pop("version"),
        "version 2": lambda d: d.update(version=2),
        "an unknown field in a result": lambda d: d["results"][0].update(bogus=1),
        "a result without its snippet": lambda d: d["results"][0].pop("snippet"),
        "a string id": lambda d: d["results"][0].update(id="881"),
        "corrected as a string": lambda d: d.update(corrected="yes"),
    }
    for what, alter in altered.items():
        document = copy.deepcopy(results)
        alter(document)
        if whole.is_valid(document):
            fail("strictness", f"the schema accepts {what}")
    allowed = copy.deepcopy(results)
    allowed.update(suggestion="LoRA", corrected=True, unknown_tags=["Quantisation"])
    if not whole.is_valid(allowed):
        fail("strictness", "the schema refuses suggestion, corrected and unknown_tags")


def kept_runs(schema, whole, folder):
    """What the C++ tests kept: every --json and jsonl output they got from notes-search."""
    if not os.path.isdir(folder):
        return 0
    any_line = jsonschema.Draft202012Validator(
        {**{k: v for k, v in schema.items() if k != "oneOf"},
         "anyOf": [{"$ref": "#/$defs/" + d} for d in ("result", "facet", "note")]})
    n = 0
    for name in sorted(os.listdir(folder)):
        base, ext = os.path.splitext(name)
        if ext not in (".json", ".jsonl"):
            continue
        path = os.path.join(folder, name)
        try:
            with open(os.path.join(folder, base + ".args"), encoding="utf-8") as f:
                what = f"{name} ({f.read().strip()})"
        except OSError:
            what = name
        with open(path, encoding="utf-8") as f:
            text = f.read()
        n += 1
        if ext == ".jsonl":
            check_lines(any_line, text, what)
            continue
        try:
            check(whole, json.loads(text), what)
        except json.JSONDecodeError as e:
            fail(what, f"not JSON: {e}")
    return n


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    for option in ("--schema", "--index", "--search", "--examples", "--kept"):
        parser.add_argument(option, required=True)
    o = parser.parse_args()
    with open(o.schema, encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(schema)
    whole = jsonschema.Draft202012Validator(schema)
    with tempfile.TemporaryDirectory(prefix="notes-schema-") as tmp:
        outputs = own_runs(schema, whole, o, tmp)
    strictness(whole, outputs)
    kept = kept_runs(schema, whole, o.kept)
    for f in failures:
        print("FAIL", f)
    print(f"json_schema_test: {len(outputs)} outputs of its own and {kept} kept by the tests checked; "
          f"{len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
