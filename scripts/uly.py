#!/usr/bin/env python3
"""Uyghur Arabic script to Uyghur Latin (ULY), for drafting locales/ug-Latn from locales/ug.

    scripts/uly.py locales/ug/shell.ftl > draft.ftl      a whole file
    echo 'تېز چىقىش' | scripts/uly.py                     a line

The output is a draft for a person to read before it is committed: the rules below are the
ULY spelling rules, but capitals (sentence starts, Uyghur, Qazaq…) and loan words written
differently in Latin need an eye. Only Arabic-script runs change; Latin text, Fluent syntax,
{ $variables } and message ids pass through. Standard library only.
"""
import re
import sys

LETTERS = {
    "ا": "a", "ە": "e", "ب": "b", "پ": "p", "ت": "t", "ج": "j", "چ": "ch", "خ": "x",
    "د": "d", "ر": "r", "ز": "z", "ژ": "zh", "س": "s", "ش": "sh", "غ": "gh", "ف": "f",
    "ق": "q", "ك": "k", "گ": "g", "ڭ": "ng", "ل": "l", "م": "m", "ن": "n", "ھ": "h",
    "و": "o", "ۇ": "u", "ۆ": "ö", "ۈ": "ü", "ۋ": "w", "ې": "ë", "ى": "i", "ي": "y",
}
VOWELS = set("aeiouöüë")
PUNCT = {"،": ",", "؛": ";", "؟": "?", "«": "“", "»": "”", "٪": "%"}
HAMZA = "ئ"
ARABIC = re.compile("[\u0600-\u06ff]+")


def word(w: str) -> str:
    out = []
    for i, c in enumerate(w):
        if c == HAMZA:
            # Silent at the start of a word; between syllables it is written as an apostrophe.
            if i > 0:
                out.append("'")
            continue
        latin = LETTERS.get(c)
        if latin is None:
            out.append(PUNCT.get(c, c))
            continue
        prev = out[-1] if out else ""
        # n+g, s+h, z+h, c+h, g+h written apart where two letters meet, not one digraph.
        if (prev.endswith("n") and latin == "g" and prev != "ng") or (
            latin == "h" and prev in ("s", "z", "c", "g")
        ):
            out.append("'")
        out.append(latin)
    return "".join(out)


def line(text: str) -> str:
    text = ARABIC.sub(lambda m: word(m.group(0)), text)
    for a, b in PUNCT.items():
        text = text.replace(a, b)
    return text


def capitalise(value: str) -> str:
    """Capitals at the start of a message value and of each sentence in it."""
    chars = list(value)
    start = True
    for i, c in enumerate(chars):
        if start and c.isalpha():
            # The service's name is written in small letters in every language.
            if not value[i:].startswith("kinlink"):
                chars[i] = c.upper()
            start = False
        elif c in ".?!" and (i + 1 == len(chars) or chars[i + 1] == " "):
            # A sentence ends at a stop followed by a space, not inside "torproject.org".
            start = True
        elif start and not (c.isspace() or c in "“\"("):
            start = False
    return "".join(chars)


def convert(text: str) -> str:
    out = []
    for raw in text.splitlines():
        if raw.startswith("#"):
            out.append(line(raw))
            continue
        m = re.match(r"^([a-zA-Z][\w-]*\s*=\s*)(.*)$", raw)
        if m:
            out.append(m.group(1) + capitalise(line(m.group(2))))
        elif raw.startswith(" ") and not raw.strip().startswith(("[", "*[", "}")):
            indent = raw[: len(raw) - len(raw.lstrip())]
            out.append(indent + capitalise(line(raw.lstrip())))
        else:
            out.append(line(raw))
    return "\n".join(out) + ("\n" if text.endswith("\n") else "")


if __name__ == "__main__":
    src = open(sys.argv[1], encoding="utf-8").read() if len(sys.argv) > 1 else sys.stdin.read()
    sys.stdout.write(convert(src))
