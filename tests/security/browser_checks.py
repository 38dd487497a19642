"""What a page must not do with a stranger's text, checked in Chromium and in feeds.

A page passes when no dialog opened, nothing was requested from another host, and
inside each stranger's block (a comment, a held comment, an email's quote) there is
no event handler, no inline style, no active or foreign element and no address with
a scheme other than http, https or mailto. The whole page carries no event handler
and no script address either.
"""

from __future__ import annotations

import email
from dataclasses import dataclass, field
from email import policy
from urllib.parse import urlsplit

import lxml.etree
import lxml.html

BANNED_ELEMENTS = ("script", "svg", "iframe", "form", "base", "object", "embed",
                   "math", "style", "link", "meta", "frame", "frameset", "applet",
                   "template", "input", "textarea", "select", "button")  # fmt: skip
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "data",
                  "background", "poster", "cite", "srcset", "ping")  # fmt: skip
SCHEMES = ("http", "https", "mailto")

# Runs in the page: the problems found under every element ``selector`` matches.
DOM_CHECK = """([selector, banned, urlAttributes, schemes]) => {
  const problems = [];
  const whole = selector === null;
  const roots = whole ? [document.documentElement]
                      : Array.from(document.querySelectorAll(selector));
  for (const root of roots) {
    const where = root.id || selector || "page";
    for (const el of [root, ...root.querySelectorAll("*")]) {
      const tag = el.tagName.toLowerCase();
      if (!whole && banned.includes(tag)) problems.push(`${where}: <${tag}>`);
      for (const attr of Array.from(el.attributes)) {
        const name = attr.name.toLowerCase();
        if (name.startsWith("on")) problems.push(`${where}: ${tag}[${name}]`);
        // Porch writes no inline style (avatar colours are classes).
        if (!whole && name === "style")
          problems.push(`${where}: ${tag}[style=${attr.value}]`);
        if (urlAttributes.includes(name) && attr.value.trim()) {
          let scheme;
          try { scheme = new URL(attr.value, document.baseURI).protocol.slice(0, -1); }
          catch (e) { continue; }  // not a URL a browser would follow
          if (!schemes.includes(scheme))
            problems.push(`${where}: ${tag}[${name}=${attr.value}]`);
        }
      }
    }
  }
  return problems;
}"""


@dataclass
class Watch:
    """Dialogs and off-site requests seen by one browser page, named by the URL."""

    own_host: str
    dialogs: list[str] = field(default_factory=list)
    offsite: list[str] = field(default_factory=list)
    current: str = ""

    def attach(self, page: object) -> None:
        def on_dialog(dialog: object) -> None:
            self.dialogs.append(f"{self.current}: {dialog.message}")  # type: ignore[attr-defined]
            dialog.dismiss()  # type: ignore[attr-defined]

        def on_route(route: object) -> None:
            url = route.request.url  # type: ignore[attr-defined]
            host = urlsplit(url).netloc
            if url.startswith(("data:", "about:", "blob:")) or host == self.own_host:
                route.continue_()  # type: ignore[attr-defined]
            else:
                self.offsite.append(f"{self.current}: {url}")
                route.abort()  # type: ignore[attr-defined]

        page.on("dialog", on_dialog)  # type: ignore[attr-defined]
        page.context.route("**/*", on_route)  # type: ignore[attr-defined]


def dom_problems(page: object, selector: str | None) -> list[str]:
    """Problems inside each ``selector`` match; ``None`` checks the whole page."""
    found: list[str] = page.evaluate(  # type: ignore[attr-defined]
        DOM_CHECK,
        [selector, list(BANNED_ELEMENTS), list(URL_ATTRIBUTES), list(SCHEMES)],
    )  # fmt: skip
    return found


def visit(page: object, watch: Watch, url: str, selector: str | None) -> list[str]:
    """Open ``url``, let its scripts run, then check the page and ``selector``."""
    watch.current = url
    page.goto(url)  # type: ignore[attr-defined]
    page.wait_for_load_state("load")  # type: ignore[attr-defined]
    problems = [f"{url}: {problem}" for problem in dom_problems(page, None)]
    if selector is not None:
        problems += [f"{url}: {problem}" for problem in dom_problems(page, selector)]
    return problems


def html_fragment_problems(html: str, where: str) -> list[str]:
    """The same rules, for HTML carried inside a feed entry."""
    problems = []
    for element in lxml.html.fragments_fromstring(f"<div>{html}</div>"):
        if not isinstance(element, lxml.html.HtmlElement):
            continue
        for node in element.iter():
            tag = str(node.tag).lower()
            if tag in BANNED_ELEMENTS:
                problems.append(f"{where}: <{tag}>")
            for name, value in node.attrib.items():
                lowered = name.lower()
                if lowered.startswith("on") or lowered == "style":
                    problems.append(f"{where}: {tag}[{lowered}]")
                scheme = urlsplit(value.strip()).scheme.lower()
                if lowered in URL_ATTRIBUTES and scheme and scheme not in SCHEMES:
                    problems.append(f"{where}: {tag}[{lowered}={value}]")
    return problems


def feed_problems(content: bytes, where: str) -> tuple[int, list[str]]:
    """Parse an RSS or Atom feed; check the HTML of every entry's text."""
    root = lxml.etree.fromstring(content)
    entries = root.findall(".//item") + root.findall(
        ".//{http://www.w3.org/2005/Atom}entry"
    )
    problems = []
    for number, entry in enumerate(entries):
        for child in entry:
            local = lxml.etree.QName(child).localname
            if local in ("description", "content", "summary", "encoded"):
                problems += html_fragment_problems(
                    child.text or "", f"{where}#{number}"
                )
    return len(entries), problems


def email_subject(raw: bytes) -> str:
    return str(email.message_from_bytes(raw, policy=policy.default)["Subject"]).strip()


def email_html(raw: bytes) -> str:
    """The HTML part of a message as the SMTP server received it."""
    message = email.message_from_bytes(raw, policy=policy.default)
    part = message.get_body(preferencelist=("html",))  # type: ignore[attr-defined]
    assert part is not None, message["Subject"]
    html: str = part.get_content()
    return html
