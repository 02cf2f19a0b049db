"""Restore article paragraphs trafilatura drops: the story split over several containers.

Many templates cut a long story into several body blocks with the same markup (an ad or a
"most popular" rail between them: ``<div class="body article__body">`` ... ad ...
``<div class="body article__body">``).  trafilatura picks one block and loses the rest.  Here
the block it picked is found again in the page (the parent element holding most of the
paragraphs it returned), and the paragraphs of its look-alike blocks — same tag, same class —
are added back in document order.  Paragraphs inside comment, related-links, promo or caption
markup, and paragraphs the boilerplate rules reject, are not restored.
"""

from __future__ import annotations

import re
from collections import Counter

from lxml.html import HtmlElement

from wirewatch.article.html_clean import line_reason, norm

# class/id words of markup whose paragraphs are never article text
_NOT_BODY = re.compile(
    r"comment|related|recirc|promo|newsletter|subscribe|share|social|footer|caption|credit|"
    r"sidebar|aside|advert|\bad\b|ad-|-ad\b|popular|trending|teaser|byline|author-bio|signup",
    re.IGNORECASE)
# embedded social-media posts: trafilatura drops them with their "social" wrapper, but a post
# quoted in a story (an official's statement, a witness video) is part of what it reports
_EMBED = re.compile(r"twitter-tweet|instagram-media|tiktok-embed|fb-post", re.IGNORECASE)
# a look-alike block must carry at least this much paragraph text to count as story text
_MIN_BLOCK_CHARS = 150
# and read like story text, not a notice (paragraphs of this mean length at least)
_MIN_MEAN_CHARS = 80
# and the picked block must hold at least this many of trafilatura's paragraphs
_MIN_MATCHED = 2


def _inside_boilerplate(el: HtmlElement, stop: HtmlElement) -> bool:
    node: HtmlElement | None = el
    while node is not None and node is not stop:
        marks = f"{node.get('class', '')} {node.get('id', '')}"
        if marks.strip() and _NOT_BODY.search(marks):
            return True
        node = node.getparent()
    return False


def _is_related(a: HtmlElement, b: HtmlElement) -> bool:
    """Whether one element contains the other."""
    return any(x is b for x in a.iterancestors()) or any(x is a for x in b.iterancestors())


def page_paragraphs(tree: HtmlElement) -> list[tuple[HtmlElement, str]]:
    """Every <p> of the page with its comparison key, in document order (computed once per
    page and shared by the corrections below)."""
    return [(el, norm(el.text_content())) for el in tree.iter("p")]


def _picked_block(paras: list[tuple[HtmlElement, str]], keys: set[str]) -> HtmlElement | None:
    counts: Counter[HtmlElement] = Counter()
    for el, key in paras:
        parent = el.getparent()
        if parent is not None and key in keys:
            counts[parent] += 1
    if not counts:
        return None
    block, n = counts.most_common(1)[0]
    return block if n >= _MIN_MATCHED and block.get("class") else None


def _restorable(block: HtmlElement, keys: set[str]) -> list[tuple[HtmlElement, str]]:
    out: list[tuple[HtmlElement, str]] = []
    for el in block.iter("p"):
        text = " ".join(el.text_content().split())
        if text and norm(text) not in keys and not line_reason(text) \
                and not _inside_boilerplate(el, block):
            out.append((el, text))
    total = sum(len(t) for _, t in out)
    return out if total >= _MIN_BLOCK_CHARS and total >= _MIN_MEAN_CHARS * len(out) else []


def restore_split_body(tree: HtmlElement, paragraphs: list[str],
                       paras: list[tuple[HtmlElement, str]] | None = None) -> tuple[list[str], int]:
    """``paragraphs`` with the paragraphs of the look-alike blocks that follow the story's
    block added back in document order, and how many were added.  ``paras`` is
    ``page_paragraphs(tree)`` when the caller has it already."""
    keys = {norm(p) for p in paragraphs}
    paras = page_paragraphs(tree) if paras is None else paras
    block = _picked_block(paras, keys)
    if block is None:
        return paragraphs, 0
    cls = block.get("class")
    # a look-alike in another <article> is another story (the next one an infinite-scroll
    # page appends), not the rest of this one
    story = block if block.tag == "article" else _nearest_article(block)
    added: list[tuple[HtmlElement, str]] = []
    after = False  # a story continues after an ad break; look-alikes before it are teasers
    for other in tree.iter(block.tag):
        if other is block:
            after = True
            continue
        if not after or other.get("class") != cls or _is_related(other, block) \
                or other.tag == "article" or _nearest_article(other) is not story \
                or _inside_boilerplate(other, tree):
            continue
        added.extend(_restorable(other, keys))
    added.extend(_embeds(block, norm(" ".join(paragraphs))))
    if not added:
        return paragraphs, 0
    return _merge(paras, paragraphs, added), len(added)


def _embeds(block: HtmlElement, kept: str) -> list[tuple[HtmlElement, str]]:
    """The text of social-media posts embedded in the story's block: each paragraph of the
    post, then its attribution line ("— Name (@handle) date")."""
    out: list[tuple[HtmlElement, str]] = []
    for quote in block.iter("blockquote"):
        if not _EMBED.search(quote.get("class", "")):
            continue
        paras = [el for el in quote.iter("p")]
        texts = [" ".join(el.text_content().split()) for el in paras]
        whole = " ".join(quote.text_content().split())
        rest = whole
        for t in texts:
            rest = rest.replace(t, "", 1)
        rest = " ".join(rest.split())
        # trafilatura may have kept the post with other line breaks: compare as running text
        if not paras or any(norm(t) in kept for t in texts if t):
            continue
        out.extend((el, t) for el, t in zip(paras, texts) if t and not line_reason(t))
        if rest and not line_reason(rest):
            out.append((paras[-1], rest))
    return out


def _merge(paras: list[tuple[HtmlElement, str]], paragraphs: list[str],
           added: list[tuple[HtmlElement, str]]) -> list[str]:
    """Interleave restored paragraphs with the kept ones by position in the document."""
    position = {key: i for i, (_, key) in enumerate(paras)}
    index = {el: i for i, (el, _) in enumerate(paras)}
    keyed: list[tuple[float, int, str]] = []
    last = -1.0
    for n, para in enumerate(paragraphs):
        # a kept paragraph that is not a <p> (heading, list item) stays after its predecessor
        last = float(position.get(norm(para), last))
        keyed.append((last, n, para))
    for n, (el, text) in enumerate(added):
        keyed.append((float(index[el]) + 0.5, len(paragraphs) + n, text))
    keyed.sort(key=lambda t: (t[0], t[1]))
    return [text for _, _, text in keyed]



def _nearest_article(el: HtmlElement) -> HtmlElement | None:
    return next(el.iterancestors("article"), None)


def keep_headline_article(tree: HtmlElement, paragraphs: list[str],
                          paras: list[tuple[HtmlElement, str]] | None = None
                          ) -> tuple[list[str], int]:
    """Drop kept paragraphs that belong to another story's <article>: the next story an
    infinite-scroll page appends, the teasers of a "more posts" strip.  The story is the
    <article> holding the most kept text, provided it also holds a headline (<h1>);
    paragraphs outside any <article> stay.  Returns the paragraphs and how many were dropped."""
    if sum(1 for _ in zip(range(2), tree.iter("article"))) < 2:
        return paragraphs, 0
    keys = {norm(p) for p in paragraphs}
    owner_of: dict[str, HtmlElement | None] = {}
    weight: Counter[HtmlElement] = Counter()
    for el, key in page_paragraphs(tree) if paras is None else paras:
        if key and key in keys:
            owner = owner_of.setdefault(key, _nearest_article(el))
            if owner is not None:
                weight[owner] += len(key)
    if len(weight) < 2:
        return paragraphs, 0
    main = weight.most_common(1)[0][0]
    if next(main.iter("h1"), None) is None:
        return paragraphs, 0
    kept = [p for p in paragraphs if owner_of.get(norm(p), main) in (None, main)]
    return kept, len(paragraphs) - len(kept)
