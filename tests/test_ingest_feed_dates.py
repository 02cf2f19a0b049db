"""A feed item's pubDate is the fall-back publication date of a page that declares none, after
a date in its URL (issue 17: page's own date, JSONL published, URL date, feed pubDate)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.test_watch import Site, _watcher
from wirewatch.store import Store


class DatedSite(Site):
    """The loopback site of the watcher tests, its feed items carrying a pubDate."""

    def rss(self, name: str) -> bytes:
        items = "".join(
            f"<item><title>Report {i}</title><link>{self.base}/a/{i}.html</link><guid>{name}-{i}</guid>"
            f"<pubDate>Sat, 0{i} Jun 2021 10:00:00 GMT</pubDate></item>" for i in self.feeds[name])
        return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>{name}</title>'
                f"<link>{self.base}/</link>{items}</channel></rss>").encode()


@pytest.fixture
def dated_site() -> Iterator[DatedSite]:
    s = DatedSite()
    yield s
    s.close()


def test_a_feed_items_pubdate_dates_a_page_that_has_none(dated_site: DatedSite, store: Store) -> None:
    dated_site.feeds["world"] = [3, 4]
    watcher = _watcher(store)
    watcher.add_feed(f"{dated_site.base}/feed/world.xml")
    report = watcher.poll_once()
    assert report.items["done"] == 2
    published = sorted(str(a["published"])[:10] for a in store.iter_articles())
    assert published == ["2021-06-03", "2021-06-04"]
