"""What a WordPress import knows beyond any other: the old site's address and zone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from urllib.parse import unquote, urlsplit

from porch.importers.wordpress.items import WxrSite, wxr_time
from porch.importers.writer.context import WriteContext


@dataclass
class WordPressRun(WriteContext):
    """A write context that reads the export's header and its local times."""

    tz: tzinfo = UTC  # wordpress_import sets the old site's zone
    site_path: str = ""

    def site_read(self, site: WxrSite) -> None:
        url = (site.base_blog_url or site.link).rstrip("/")
        self.source = f"wordpress:{url}"[:255]
        self.site_path = unquote(urlsplit(url).path).rstrip("/")

    def aware(self, gmt: datetime | None, local: datetime | None) -> datetime | None:
        """WordPress's GMT time, or its local time read in the site's time zone."""
        return wxr_time(gmt, local, self.tz)
