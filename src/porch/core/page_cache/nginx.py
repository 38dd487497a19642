"""The nginx configuration ``porch nginx-config`` prints (the page cache's file mode).

nginx serves static files, uploads and the cached pages Porch wrote as files; every
other request, and every request that must not see a cached page (not GET or HEAD,
a query string, a cookie that makes the page a reader's own), goes to Porch.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from porch.core.page_cache.generation import LINK_NAME

# What a cached page's file is served with, as Porch serves the page itself.
FILE_HEADERS = (
    ("Cache-Control", "no-cache"),
    ("X-Frame-Options", "DENY"),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "same-origin"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
)


@dataclass(frozen=True)
class NginxSite:
    listen: str
    upstream: str
    static_root: Path
    media_root: Path
    page_cache_dir: Path
    cookies: frozenset[str]
    # The site's security headers (``porch.core.headers.page_headers``).
    security_headers: tuple[tuple[str, str], ...] = ()


def nginx_config(site: NginxSite) -> str:
    """The ``map`` blocks (http level) and the ``server`` block, as one text."""
    return "\n".join([_maps(site), _server(site)])


def _maps(site: NginxSite) -> str:
    names = "|".join(sorted(re.escape(name) for name in site.cookies))
    return f"""# Porch: include this file inside the http {{ }} block.
map $http_cookie $porch_reader_cookie {{
    default 0;
    "~(^|;)\\s*({names})=" 1;
}}
map $request_method $porch_cacheable_method {{
    GET 1;
    HEAD 1;
    default 0;
}}
# The page's file when nginx may answer with it; otherwise a name that never exists.
map "$porch_cacheable_method:$porch_reader_cookie:$args" $porch_page_file {{
    "1:0:" "/$host${{uri}}index.html";
    default "/.porch-never";
}}
"""


def _server(site: NginxSite) -> str:
    # Header values hold single quotes ('self') and never a double quote.
    headers = "\n".join(
        f'        add_header {name} "{value}" always;'
        for name, value in (*FILE_HEADERS, *site.security_headers)
    )
    # A picture may be 20 MB (core/image_uploads.py); the form around it adds a little.
    return f"""server {{
    listen {site.listen};
    client_max_body_size 21m;

    location /static/ {{
        alias {site.static_root}/;
        expires 1h;
    }}
    location /media/ {{
        alias {site.media_root}/;
    }}
    location / {{
        root {site.page_cache_dir / LINK_NAME};
        types {{ text/html html; }}
        charset utf-8;
{headers}
        try_files $porch_page_file @porch;
    }}
    location @porch {{
        proxy_pass http://{site.upstream};
        proxy_http_version 1.1;
        proxy_set_header Connection "";
        proxy_set_header Host $http_host;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto $scheme;
    }}
}}
"""
