"""Build the story-grouping benchmark corpus from the dev pages in ../shared (bench time only).

Each dev page's gold body becomes a "wire story".  The story is published on its own page and
re-published 0-4 times inside *other* dev pages' chrome (their header, navigation, sidebars and
footer, with their own body removed), lightly edited the way syndication edits copy: a changed
or prefixed headline, a dropped closing paragraph, a credit line or promo paragraph added, a few
words respelled, sometimes only the first paragraphs (a teaser).  The portal text dumps are added
as unrelated pages (several per site, so shared site boilerplate is present).

Output (never committed: it holds third-party text): ``OUT/pages/*.html|txt`` and
``OUT/gold.json`` mapping each file name to its story id.

    python bench/make_group_corpus.py --out /tmp/ww_group_corpus [--stories N] [--seed S]
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
from pathlib import Path

from lxml import etree, html

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "bench"

PREFIXES = ["UPDATE 1-", "UPDATE 2-", "EXCLUSIVE-", "WRAPUP 1-", "", "", "Analysis: "]
CREDITS = ["(Reporting by Staff; Editing by Desk)", "Additional reporting by our correspondents.",
           "(c) Copyright wire service. All rights reserved.", ("This story has not been edited by our staff "
           "and is published from a syndicated feed.")]
PROMOS = ["Sign up for our daily newsletter to get the top stories in your inbox.",
          "READ MORE: the latest headlines from around the world.", "Follow us on social media for updates."]
RESPELL = {"color": "colour", "center": "centre", "organization": "organisation", "said": "stated",
           "percent": "per cent", "defense": "defence", "labor": "labour", "told": "informed"}


def _body_paragraphs(body: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n|\n", body) if p.strip()]


def _edit(paras: list[str], rng: random.Random) -> list[str]:
    out = list(paras)
    if len(out) >= 6 and rng.random() < 0.1:  # a teaser: only the opening paragraphs
        out = out[: max(3, int(len(out) * 0.7))]
    elif len(out) >= 4 and rng.random() < 0.4:
        out = out[:-1]
    out = [_respell(p, rng) for p in out]
    if rng.random() < 0.3 and len(out) > 2:
        out.insert(rng.randrange(1, len(out)), rng.choice(PROMOS))
    if rng.random() < 0.5:
        out.append(rng.choice(CREDITS))
    return out


def _respell(text: str, rng: random.Random) -> str:
    words = text.split(" ")
    for i, w in enumerate(words):
        key = w.lower().strip(".,;:")
        if key in RESPELL and rng.random() < 0.5:
            words[i] = w.replace(key, RESPELL[key])
        elif len(w) > 6 and rng.random() < 0.01:  # an occasional typo
            j = rng.randrange(1, len(w) - 2)
            words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2:]
    text = " ".join(words)
    return text.replace("\u201c", '"').replace("\u201d", '"') if rng.random() < 0.5 else text


def _chrome(raw: str, own_body: str) -> html.HtmlElement:
    """The page with its own article text and machine-readable copies of it removed."""
    doc = html.document_fromstring(raw)
    for bad in doc.xpath("//script|//style|//noscript|//link[@rel='canonical']"
                         "|//meta[@property='og:url' or @property='og:title' or @name='description'"
                         " or @property='og:description' or @name='twitter:title']"):
        bad.getparent().remove(bad)
    body_norm = re.sub(r"\s+", " ", own_body)
    holders: dict[etree._Element, int] = {}
    for el in doc.xpath("//body//p|//body//h2|//body//li|//body//blockquote|//body//figcaption"):
        txt = re.sub(r"\s+", " ", el.text_content()).strip()
        if len(txt) > 25 and txt[:60] in body_norm and el.getparent() is not None:
            parent = el.getparent()
            holders[parent] = holders.get(parent, 0) + 1
            parent.remove(el)
    for el in doc.xpath("//body//*[not(*)]"):  # leftover leaves quoting the body (captions, pull quotes)
        txt = re.sub(r"\s+", " ", el.text_content()).strip()
        if len(txt) > 40 and txt[:60] in body_norm and el.getparent() is not None:
            el.getparent().remove(el)
    container = max(holders, key=holders.__getitem__) if holders else doc.body
    container.set("data-ww-body", "1")
    return doc


def _clean_chrome(raw: str, own_body: str) -> bool:
    """Whether the page's own article was fully removed: a host whose body sits in markup the
    remover does not recognise would leak its story into the copy, which no syndicator does."""
    doc = _chrome(raw, own_body)
    left = set(_grams(doc.body.text_content() if doc.body is not None else ""))
    own = _grams(own_body)
    return bool(own) and sum(g in left for g in own) / len(own) < 0.05


def _grams(text: str, k: int = 6) -> list[str]:
    w = re.findall(r"\w+", text.lower())
    return [" ".join(w[i:i + k]) for i in range(len(w) - k + 1)]


def _wrap(chrome_raw: str, chrome_body: str, title: str, paras: list[str], url: str) -> str:
    doc = _chrome(chrome_raw, chrome_body)
    head = doc.find("head")
    if head is None:
        head = etree.SubElement(doc, "head")
    for t in head.findall("title"):
        head.remove(t)
    etree.SubElement(head, "title").text = title
    etree.SubElement(head, "link", rel="canonical", href=url)
    for h1 in doc.xpath("//h1"):
        h1.text, h1[:] = title, []
    box = doc.xpath("//*[@data-ww-body]")[0]
    del box.attrib["data-ww-body"]
    for p in paras:
        etree.SubElement(box, "p").text = p
    return html.tostring(doc, encoding="unicode", doctype="<!DOCTYPE html>")


def build(out: Path, stories: int | None, seed: int) -> dict[str, str]:
    rng = random.Random(seed)
    gold_src = json.loads((SHARED / "articles" / "gold.json").read_text())
    pages = {k: gzip.decompress((SHARED / "articles" / "html" / f"{k}.html.gz").read_bytes()).decode(
        "utf-8", "replace") for k in sorted(gold_src)}
    keys = sorted(pages)
    hosts = [k for k in keys if _clean_chrome(pages[k], gold_src[k]["articleBody"])]
    chosen = keys if stories is None else rng.sample(keys, min(stories, len(keys)))
    (out / "pages").mkdir(parents=True, exist_ok=True)
    gold: dict[str, str] = {}
    for n, key in enumerate(chosen):
        paras = _body_paragraphs(gold_src[key]["articleBody"])
        if len(" ".join(paras).split()) < 30:
            continue
        title = _title(pages[key])
        name = f"s{n:03d}_orig.html"
        (out / "pages" / name).write_bytes(gzip.decompress(
            (SHARED / "articles" / "html" / f"{key}.html.gz").read_bytes()))
        gold[name] = key
        for c in range(rng.choice([0, 1, 1, 2, 2, 3, 4])):
            host = rng.choice([k for k in hosts if k != key])
            headline = rng.choice(PREFIXES) + (title if rng.random() < 0.7 else title.upper())
            page = _wrap(pages[host], gold_src[host]["articleBody"], headline, _edit(paras, rng),
                         f"https://copy{c}.example.net/story/{n}")
            cname = f"s{n:03d}_copy{c}.html"
            (out / "pages" / cname).write_text(page, encoding="utf-8")
            gold[cname] = key
    for i, dump in enumerate(sorted((SHARED / "portals" / "dumps").glob("*.txt"))):
        if stories is not None and i >= stories // 2:
            break
        name = f"u{i:03d}_{dump.stem[:40]}.txt"
        (out / "pages" / name).write_bytes(dump.read_bytes())
        gold[name] = f"unrelated-{i}"
    (out / "gold.json").write_text(json.dumps(gold, indent=1))
    print(f"{len(hosts)} of {len(keys)} dev pages usable as chrome")
    return gold


def _title(raw: str) -> str:
    m = re.search(r"<title[^>]*>(.*?)</title>", raw, re.DOTALL | re.IGNORECASE)
    return re.sub(r"\s+", " ", m.group(1)).strip() if m else "Untitled"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=Path("/tmp/ww_group_corpus"))
    ap.add_argument("--stories", type=int, default=None, help="sample this many dev pages (default: all)")
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args()
    gold = build(args.out, args.stories, args.seed)
    print(f"{len(gold)} pages, {len(set(gold.values()))} stories -> {args.out}")


if __name__ == "__main__":
    main()
