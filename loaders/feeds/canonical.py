"""Canonical URLs: one key for every address of the same article, so that an item already seen
under another form (http or https, ``www.``, a tracking parameter, its AMP page) is not fetched
again.

The canonical form is an identity key, not an address to fetch: ``http`` becomes ``https``
whatever the site serves, and the original link is what the fetcher uses. Pure functions, and
idempotent: ``canonical_url(canonical_url(u)) == canonical_url(u)`` for every string.

What is removed or rewritten, and why:

- scheme ``http`` -> ``https``; the user and password; the default port (80, 443): news sites
  serve one article under both schemes and the port is never part of its identity;
- the host lower-cased, without a trailing dot and without the ``www.``, ``m.``, ``mobile.``
  and ``amp.`` prefixes (mirror hosts of the same site);
- the fragment (an anchor inside the page, never another article);
- tracking parameters (``utm_*``, ``mc_*``, ``fbclid``, ``gclid``, … :data:`TRACKING`):
  they say who shared the link, not what it points to;
- AMP forms: a last path segment ``amp``, a first segment ``amp``, ``.amp.html``, a ``.amp``
  suffix, ``?amp``, ``?amp=1``, ``?outputType=amp``, and AMP caches
  (``*.cdn.ampproject.org/c/s/…``, ``google.com/amp/s/…``) unwrapped to the page they cache;
- ``index.html`` / ``index.htm`` at the end of the path, dot segments (``/a/./b/../c``) and a
  trailing slash (except the root's);
- percent escapes normalised (unreserved characters decoded, hex upper-cased, spaces and
  non-ASCII characters escaped) in the path and the query.

What is kept: the path's case (paths are case-sensitive), and every other query parameter,
sorted by name then value, because parameters like ``?id=123`` or ``?page=2`` name the article.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, quote, urlsplit, urlunsplit

from graph.model import site_host

# Parameters that only say where a click came from. Lower-case; compared case-insensitively.
TRACKING = frozenset(
    {
        "fbclid",
        "gclid",
        "gclsrc",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "twclid",
        "ttclid",
        "igshid",
        "li_fat_id",
        "_ga",
        "_gl",
        "_hsenc",
        "_hsmi",
        "hsctatracking",
        "mkt_tok",
        "oly_anon_id",
        "oly_enc_id",
        "vero_id",
        "vero_conv",
        "wt.mc_id",
        "wt_mc",
        "cmpid",
        "ncid",
        "ocid",
        "icid",
        "s_cid",
        "smid",
        "smtyp",
        "sr_share",
        "ito",
        "xtor",
        "spm",
        "trk",
        "ref",
        "ref_src",
        "ref_url",
        "referrer",
        "taid",
    }
)
# Whole families of tracking parameters, by prefix.
TRACKING_PREFIXES = ("utm_", "mc_", "pk_", "mtm_", "at_", "hsa_", "__")
# Query parameters that ask for the AMP form of the same page.
_AMP_KEYS = frozenset({"amp", "_amp", "amp_js_v", "amp_gsa", "usqp", "__amp_source_origin"})
_AMP_VALUES = {"outputtype": "amp", "output": "amp", "format": "amp", "view": "amp"}
_DEFAULT_PORTS = {"http": 80, "https": 443}
_INDEX_FILES = ("index.html", "index.htm")
# RFC 3986 unreserved characters: an escape of one of these means the character itself.
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")
_LONE_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_PATH_SAFE = "/:@!$&'()*+,;=-._~%"
_AMP_CACHE = re.compile(r"^/[cvi]/(?:(s)/)?(.+)$")
_GOOGLE_AMP = re.compile(r"^/amp/(?:(s)/)?(.+)$")


def canonical_url(url: str) -> str:
    """The canonical form of an http(s) URL; anything else (a relative link, ``mailto:``, a URL
    that cannot be parsed) comes back stripped of surrounding blanks, unchanged otherwise."""
    text = url.strip()
    # A few rounds at most: each round can only shorten the URL or leave it alone, and a second
    # round catches what one rewrite uncovers (an AMP cache wrapping a tracked, www. URL).
    for _ in range(8):
        again = _canonical_once(text)
        if again == text:
            break
        text = again
    return text


def is_tracking(name: str) -> bool:
    """Whether a query parameter only tracks where a click came from."""
    key = name.lower()
    return key in TRACKING or key.startswith(TRACKING_PREFIXES)


def url_host(url: str) -> str | None:
    """The host of a URL as the canonical form names it (``www.`` and the like removed), or
    None for a URL without one. The outlet of last resort for an item with no site name."""
    canonical = canonical_url(url)
    try:
        host = urlsplit(canonical).hostname
    except ValueError:
        return None
    return host or None


def _canonical_once(text: str) -> str:
    try:
        parts = urlsplit(text)
        scheme = parts.scheme.lower()
        if scheme not in _DEFAULT_PORTS or not parts.hostname:
            return text
        port = parts.port
    except ValueError:
        return text
    host = site_host(parts.hostname)
    unwrapped = _unwrap_amp_cache(host, parts.path, parts.query)
    if unwrapped is not None:
        return unwrapped
    netloc = f"[{host}]" if ":" in host else host
    if port is not None and port != _DEFAULT_PORTS[scheme] and port != _DEFAULT_PORTS["https"]:
        netloc = f"{netloc}:{port}"
    return urlunsplit(("https", netloc, _path(parts.path), _query(parts.query), ""))


def _unwrap_amp_cache(host: str, path: str, query: str) -> str | None:
    """The page an AMP cache URL serves, or None when the URL is no AMP cache."""
    if host.endswith(".cdn.ampproject.org"):
        match = _AMP_CACHE.match(path)
    elif host == "google.com" or host.startswith("google."):
        match = _GOOGLE_AMP.match(path)
    else:
        return None
    if match is None or "/" not in match.group(2).strip("/"):
        return None
    scheme = "https" if match.group(1) else "http"
    return f"{scheme}://{match.group(2)}" + (f"?{query}" if query else "")


def _path(path: str) -> str:
    segments = _remove_dot_segments(_escapes(path, _PATH_SAFE) or "/").split("/")
    changed = True
    while changed:
        before = list(segments)
        last = segments[-1]
        if last in _INDEX_FILES or (last.lower() in ("", "amp") and len(segments) > 2):
            segments = segments[:-1]
        elif last.lower().endswith((".amp.html", ".amp.htm")):
            cut = last.lower().rindex(".amp.")
            segments[-1] = last[:cut] + last[cut + 4 :]
        elif last.lower().endswith(".amp") and len(last) > 4:
            segments[-1] = last[:-4]
        elif len(segments) > 2 and segments[1].lower() == "amp":
            segments = ["", *segments[2:]]
        changed = segments != before
    joined = "/".join(segments)
    return joined if joined.startswith("/") else "/" + joined


def _remove_dot_segments(path: str) -> str:
    # RFC 3986, 5.2.4, on whole segments; the leading "/" is kept.
    out: list[str] = []
    segments = path.split("/")
    for index, segment in enumerate(segments):
        last = index == len(segments) - 1
        if segment == ".":
            if last:
                out.append("")
        elif segment == "..":
            if len(out) > 1:
                out.pop()
            if last:
                out.append("")
        else:
            out.append(segment)
    return "/".join(out) if out and out[0] == "" else "/" + "/".join(out)


def _query(query: str) -> str:
    if not query:
        return ""
    pairs = parse_qsl(query, keep_blank_values=True, errors="surrogateescape")
    kept = sorted(
        (key, value)
        for key, value in pairs
        if key and not is_tracking(key) and not _is_amp(key, value)
    )
    return "&".join(f"{_quote_component(key)}={_quote_component(value)}" for key, value in kept)


def _quote_component(value: str) -> str:
    # Everything but the unreserved characters escaped, so that a value round-trips exactly.
    return quote(value, safe="", encoding="utf-8", errors="surrogateescape")


def _is_amp(key: str, value: str) -> bool:
    lowered = key.lower()
    return lowered in _AMP_KEYS or _AMP_VALUES.get(lowered) == value.lower()


def _escapes(text: str, safe: str) -> str:
    """Percent escapes in one form: unreserved characters decoded, hex upper-cased, a lone ``%``
    and every character outside ``safe`` (spaces, non-ASCII) escaped."""
    text = _LONE_PERCENT.sub("%25", text)
    text = quote(text, safe=safe, encoding="utf-8", errors="surrogateescape")

    def one(match: re.Match[str]) -> str:
        char = chr(int(match.group(1), 16))
        return char if char in _UNRESERVED else "%" + match.group(1).upper()

    return _ESCAPE.sub(one, text)
