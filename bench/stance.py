"""Throughput of ``StanceModel.predict``: one claim against ~100 evidence sentences, on CPU.

    python bench/stance.py [--sentences 100] [--repeats 20]

Prints the one-off load time, then the median time per call and pairs/s.
The sentences are invented (fictional places and people), varied in length
and stance like an article's worth of evidence.
"""

from __future__ import annotations

import argparse
import statistics
import time

from claimtrace.verify.stance import StanceModel

CLAIM = "Valdoria and Kestrania have formed a military alliance."
TEMPLATES = [
    "Valdoria and Kestrania signed a defence pact in {place} on day {n} of the summit.",
    "The Kestranian ministry denied that any pact was signed, spokesman {name} said on day {n}.",
    "There is no proof of an alliance, analyst {name} told reporters in {place}.",
    "Reports suggest the two republics may discuss closer ties at talks in {place}.",
    "{name} opened a new library in {place}, the {n}th this year, to applause from residents who had waited a long time.",
    "Farmers in {place} expect a good harvest after {n} weeks of rain.",
]
PLACES = ["Ostrel", "Brenmark", "Port Aldren", "Lusenia", "Norvane"]
NAMES = ["Oren Halloway", "Mira Castellane", "Lisbet Varn", "Tovan Reyes"]


def make_sentences(count: int) -> list[str]:
    return [
        TEMPLATES[i % len(TEMPLATES)].format(place=PLACES[i % len(PLACES)], name=NAMES[i % len(NAMES)], n=i + 1)
        for i in range(count)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=100)
    parser.add_argument("--repeats", type=int, default=20)
    args = parser.parse_args()

    started = time.perf_counter()
    model = StanceModel.load()
    model.predict(CLAIM, make_sentences(4))  # first call builds the sentencizer and embedding tables
    print(f"load + first call: {time.perf_counter() - started:.2f} s")

    sentences = make_sentences(args.sentences)
    timings = []
    for _ in range(args.repeats):
        started = time.perf_counter()
        model.predict(CLAIM, sentences)
        timings.append(time.perf_counter() - started)
    median = statistics.median(timings)
    print(f"predict({args.sentences} sentences): median {median * 1000:.1f} ms, best {min(timings) * 1000:.1f} ms "
          f"over {args.repeats} calls; {args.sentences / median:.0f} pairs/s")


if __name__ == "__main__":
    main()
