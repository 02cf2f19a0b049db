"""trafilatura's precision-mode body, its cascade run once per page.

``trafilatura.bare_extraction`` cleans and converts the page, runs its own extractor and then,
unless ``fast``, compares that result with readability's and jusText's.  On a news page whose
own extraction is long the comparison changes nothing (on the 256 bench pages: never above
``FULL_COMPARISON_CHARS``) yet costs a third of the call.  Asking twice (fast, then full when
short) cleans and converts a short page twice, so the precision cascade is run here with the
comparison on the trees the extractor already prepared: each page is prepared once.

This follows ``trafilatura.core.trafilatura_sequence`` for ``favor_precision`` with comments
off (no baseline rescue, no recall escalation: both are off in precision mode), and uses its
internals; ``pyproject.toml`` pins trafilatura to 2.3.x, and ``tests/test_article_html.py``
checks the result equals ``bare_extraction``'s.  Recall mode keeps the public call.
"""

from __future__ import annotations

from copy import copy

import trafilatura
from lxml.html import HtmlElement
from trafilatura.core import _forum_thread_page, _prepare_tree
from trafilatura.external import compare_extraction
from trafilatura.htmlprocessing import prune_unwanted_nodes
from trafilatura.main_extractor import extract_content
from trafilatura.settings import Document, Extractor
from trafilatura.xml import xmltotxt
from trafilatura.xpaths import RAW_TREE_PRUNE_XPATH, REMOVE_COMMENTS_AND_LISTS_XPATH, REMOVE_COMMENTS_XPATH

# precision mode's own extractor finding at least this much text is not second-guessed by
# readability and jusText (their comparison exists for the short or empty result)
FULL_COMPARISON_CHARS = 1_500


def precision_text(tree: HtmlElement, url: str | None) -> str:
    """The text ``bare_extraction(tree, favor_precision=True, include_comments=False)`` gives,
    its readability/jusText comparison made only when its own extraction is short."""
    options = Extractor(output_format="python", precision=True, comments=False, url=url)
    forum = _forum_thread_page(tree)  # a forum's posts live where comments do: kept there
    raw = prune_unwanted_nodes(copy(tree), RAW_TREE_PRUNE_XPATH)
    raw = prune_unwanted_nodes(raw, REMOVE_COMMENTS_AND_LISTS_XPATH)
    cleaned, backup = _prepare_tree(raw, options, url)
    if not forum:
        cleaned = prune_unwanted_nodes(cleaned, REMOVE_COMMENTS_XPATH)
    body, text = extract_content(cleaned, options)
    if len(text) < FULL_COMPARISON_CHARS:
        body, text = compare_extraction(backup, copy(raw), body, text, options)
    if len(text) < options.min_output_size:
        return ""  # what bare_extraction discards
    return xmltotxt(body, options.formatting) or ""


def recall_text(tree: HtmlElement, url: str | None) -> str:
    """The text of trafilatura's recall mode (the public call, whole cascade)."""
    doc = trafilatura.bare_extraction(tree, url=url, favor_recall=True, include_comments=False,
                                      with_metadata=False)
    return (doc.text if isinstance(doc, Document) else "") or ""
