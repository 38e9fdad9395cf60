#!/usr/bin/env python3
"""Builds data/formal-names.tsv: formal (long) country names and the common name they stand for.

Inputs (Debian bookworm packages; no network):
  /usr/share/iso-codes/json/iso_3166-1.json   (iso-codes 4.15.0-1, LGPL-2.1+)
  data/lexicon/synonyms-wordnet.tsv            (WordNet 3.0, see data/lexicon/PROVENANCE.md)
  data/lexicon/words-en.txt                    (SCOWL via wamerican)

Rules, per ISO 3166-1 entry:
  common name = `common_name` if present, else `name`;
  formal forms = `official_name` and `name`, when they differ from the common name and hold no
  comma, nor does the common name (ISO's inverted forms such as "Korea, Republic of" are not prose);
  when the entry has neither `common_name` nor a comma-free alternative, WordNet is asked for a
  single-word synonym of `name` that the SCOWL list has capitalised and that shares the first four
  letters of a two-word `name` (a shortening, e.g. WordNet lists "russian federation" with "russia"): that
  word becomes the common name and `name` a formal form.
Output lines: formal<TAB>common<TAB>source, sorted by formal name.
Usage: python3 data/build/build_formal_names.py  (run from the repository root)
"""
import json

ISO = "/usr/share/iso-codes/json/iso_3166-1.json"


def load_wordnet():
    syn = {}
    with open("data/lexicon/synonyms-wordnet.tsv", encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            head, rest = line.rstrip("\n").split("\t")
            syn[head] = rest.split("|")
    return syn


def load_capitalised():
    caps = {}
    with open("data/lexicon/words-en.txt", encoding="utf-8") as f:
        for line in f:
            w = line.strip()
            if w and not w.startswith("#") and w[0].isupper():
                caps[w.lower()] = w
    return caps


def main():
    syn = load_wordnet()
    caps = load_capitalised()
    rows = {}
    for e in json.load(open(ISO, encoding="utf-8"))["3166-1"]:
        name = e["name"]
        common = e.get("common_name")
        source = "ISO 3166-1 " + e["alpha_2"]
        if common is None:
            stem = name.lower()[:4]
            words = [w for w in syn.get(name.lower(), [])
                     if " " not in w and w in caps and len(w) >= 4 and w.startswith(stem)]
            if words and len(name.split()) == 2:
                common = caps[words[0]]
                source += " + WordNet 3.0"
            else:
                common = name
        for formal in (e.get("official_name"), name):
            if formal and formal != common and "," not in formal + common and "(" not in formal:
                rows[formal] = (common, source)
    with open("data/formal-names.tsv", "w", encoding="utf-8") as out:
        out.write("# formal-names.tsv | formal (long) country names and the common name used in prose"
                  " | source: ISO 3166-1 names from Debian iso-codes 4.15.0-1"
                  " (/usr/share/iso-codes/json/iso_3166-1.json, licence LGPL-2.1+, see"
                  " data/LICENSE-iso-codes.txt), common names from its common_name field or from"
                  " WordNet 3.0 synonyms (licence in data/lexicon/LICENSE-WordNet.txt)"
                  " | built by data/build/build_formal_names.py"
                  " | format: formal<TAB>common<TAB>source\n")
        for formal in sorted(rows):
            common, source = rows[formal]
            out.write(f"{formal}\t{common}\t{source}\n")


if __name__ == "__main__":
    main()
