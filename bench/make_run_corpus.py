"""Made-up news pages for the idempotence test and benchmark (no third-party text).

Writes one JSON Lines file of pages (``url``, ``html``, ``fetched``): made-up reports of made-up
attacks, protests and clashes in real Sahel towns, each story republished by 0-3 other sites
(other chrome, a changed headline, the closing paragraph dropped), several outlets reporting
the same event with their own wording and numbers, plus a few bad records (empty pages) so
rejections flow too.

    python bench/make_run_corpus.py --pages 1000 --out /tmp/ww_run_corpus.jsonl
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
from pathlib import Path
from typing import Any

TOWNS = [("Djibo", "Burkina Faso"), ("Dori", "Burkina Faso"), ("Kaya", "Burkina Faso"), ("Mopti", "Mali"),
         ("Gao", "Mali"), ("Menaka", "Mali"), ("Tillaberi", "Niger"), ("Diffa", "Niger"),
         ("Maiduguri", "Nigeria"), ("Bama", "Nigeria"), ("Timbuktu", "Mali"), ("Ouallam", "Niger")]
ATTACKS = [
    ("Gunmen killed {n} civilians in an attack on {town} on {day}", "suspected jihadists"),
    ("Soldiers clashed with militants near {town} on {day}, leaving {n} dead", "the army"),
    ("A roadside bomb killed {n} soldiers near {town} on {day}", "insurgents"),
    ("Hundreds of people protested in {town} on {day} against rising insecurity; {n} were arrested", "residents"),
]
SITES = ["sahel-daily.example", "wire-one.example", "horizon-radio.example", "observer.example",
         "morning-post.example", "desk.example"]
CHROME = [("<nav><a href='/'>Home</a> <a href='/africa'>Africa</a></nav>", "<footer>All rights reserved.</footer>"),
          ("<header><ul><li>News</li><li>Markets</li></ul></header>", "<aside>Most read: weather</aside>"),
          ("<div class='bar'>Subscribe to our newsletter</div>", "<footer>Terms of use. Contact us.</footer>")]


WITNESS = ["Witnesses told reporters that {who} arrived on {veh} around {hour} o'clock and that {k} homes were burned.",
           "A resident who asked not to be named said the shooting lasted {h} hours and that {k} shops were looted.",
           "According to a local councillor, {who} had been seen in the area {h} days earlier, and {k} families left.",
           "Hospital staff in {other} said they had received {k} wounded, {h} of them in a critical condition.",
           "Telephone networks were cut for {h} hours, a trader reached in {other} said, and {k} cattle were stolen.",
           "Local radio reported that {who} blocked the road to {other} for {h} hours before leaving with {k} motorbikes."]
OFFICIAL = ["The regional governor said security had been reinforced and an inquiry opened into the {adj} attack.",
            "The defence ministry said in a statement that {k} suspects had been detained after the {adj} incident.",
            "A spokesman for the {adj} transitional government promised support to the families of the victims.",
            "The mayor of {other} called on the authorities to send more troops after the {adj} violence.",
            "Officials said schools in the district would stay closed for {h} days after the {adj} events."]
CONTEXT = ["Aid groups said {k} people had fled the district since January.",
           "The area has seen a string of attacks since the rainy season ended, analysts said.",
           "It was the {ord} such incident in the province this year, according to a tally by a local NGO.",
           "The United Nations said last month that {k} schools had closed in the region because of violence.",
           "No group has claimed responsibility so far, according to local sources.",
           "Farmers in the area have been unable to reach their fields for {h} weeks, a union leader said."]
OTHERS = ["Barsalogho", "Sebba", "Tessit", "Bourem", "Ansongo", "Ayorou", "Mangaize", "Dikwa", "Gubio", "Konna"]


def _fill(template: str, rng: random.Random, who: str) -> str:
    return template.format(who=who, veh=rng.choice(["motorbikes", "pick-up trucks", "foot"]),
                           hour=rng.randint(1, 12), k=rng.randint(3, 900), h=rng.randint(2, 9),
                           other=rng.choice(OTHERS), adj=rng.choice(["deadly", "latest", "brutal", "overnight"]),
                           ord=rng.choice(["third", "fifth", "seventh", "tenth"]))


def _story(rng: random.Random, n: int, day: dt.date, same: tuple[Any, ...] | None = None
           ) -> tuple[str, list[str], tuple[Any, ...]]:
    """A story; ``same`` = an earlier story's event, reported again by another outlet in its
    own words, with its own death toll."""
    if same is not None:
        (town, country), (template, who), base, day = same
        killed = max(1, base + rng.choice([-2, -1, 0, 1, 3]))
    else:
        town, country = rng.choice(TOWNS)
        template, who = rng.choice(ATTACKS)
        killed = base = rng.randint(2, 40)
    lead = template.format(n=killed, town=town, day=day.strftime("%A"))
    said = (day + dt.timedelta(days=1)).strftime("%A")
    paras = [f"{town.upper()}, {country} - {lead}, local officials said on {said}.",
             _fill(rng.choice(WITNESS), rng, who), _fill(rng.choice(OFFICIAL), rng, who),
             _fill(rng.choice(CONTEXT), rng, who) + f" (Ref. {n})"]
    return f"{lead} (report {n})", paras, ((town, country), (template, who), base, day)


def _html(title: str, paras: list[str], chrome: int, published: dt.date) -> str:
    head, foot = CHROME[chrome % len(CHROME)]
    body = "".join(f"<p>{p}</p>" for p in paras)
    return (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{title}</title>"
            f"<meta property='article:published_time' content='{published.isoformat()}T09:00:00Z'></head>"
            f"<body>{head}<article><h1>{title}</h1>{body}</article>{foot}</body></html>")


def pages(total: int, seed: int = 11) -> list[dict[str, str]]:
    rng = random.Random(seed)
    out: list[dict[str, str]] = []
    n = 0
    last: tuple[Any, ...] | None = None
    while len(out) < total:
        day = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(0, 200))
        title, paras, last = _story(rng, n, day, last if last is not None and rng.random() < 0.3 else None)
        sites = rng.sample(SITES, 1 + rng.choice([0, 0, 1, 1, 2, 3]))
        for c, site in enumerate(sites):
            text = paras if c == 0 else paras[:-1]
            head = title if c == 0 else f"UPDATE 1-{title}"
            out.append({"url": f"https://{site}/2023/story-{n}", "fetched": f"{day.isoformat()}T12:00:00Z",
                        "html": _html(head, text, c + n, day + dt.timedelta(days=1))})
        if rng.random() < 0.03:
            out.append({"url": f"https://{rng.choice(SITES)}/broken-{n}", "html": "  "})
        n += 1
    return out[:total]


def write(path: Path, total: int, seed: int = 11) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as f:
        for p in pages(total, seed):
            f.write(json.dumps(p, ensure_ascii=False) + "\n")
    return path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=1000)
    ap.add_argument("--out", type=Path, default=Path("/tmp/ww_run_corpus.jsonl"))
    ap.add_argument("--seed", type=int, default=11)
    args = ap.parse_args()
    print(write(args.out, args.pages, args.seed))


if __name__ == "__main__":
    main()
