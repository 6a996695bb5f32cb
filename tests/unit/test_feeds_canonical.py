"""Canonical URLs: every address of one article gives one key; different articles stay apart."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from loaders.feeds.canonical import canonical_url, is_tracking, url_host

STORY = "https://example.com/world/2026/05/ceasefire-talks"


@pytest.mark.parametrize(
    "variant",
    [
        STORY,
        "http://example.com/world/2026/05/ceasefire-talks",
        "https://www.example.com/world/2026/05/ceasefire-talks",
        "HTTPS://WWW.EXAMPLE.COM/world/2026/05/ceasefire-talks",
        "https://example.com:443/world/2026/05/ceasefire-talks",
        "http://example.com:80/world/2026/05/ceasefire-talks",
        "https://example.com./world/2026/05/ceasefire-talks",
        "https://user:secret@example.com/world/2026/05/ceasefire-talks",
        "https://example.com/world/2026/05/ceasefire-talks/",
        "https://example.com/world/2026/05/ceasefire-talks#comments",
        "https://example.com/world/2026/05/ceasefire-talks?utm_source=rss&utm_medium=feed",
        "https://example.com/world/2026/05/ceasefire-talks?fbclid=IwAR0abc&gclid=xyz",
        "https://example.com/world/2026/05/ceasefire-talks?mc_cid=1&mc_eid=2&_ga=3",
        "https://example.com/world/2026/05/ceasefire-talks?UTM_Campaign=Spring",
        "https://example.com/world/2026/05/ceasefire-talks/amp",
        "https://example.com/world/2026/05/ceasefire-talks/amp/",
        "https://example.com/amp/world/2026/05/ceasefire-talks",
        "https://example.com/world/2026/05/ceasefire-talks?amp=1",
        "https://example.com/world/2026/05/ceasefire-talks?amp",
        "https://example.com/world/2026/05/ceasefire-talks?outputType=amp",
        "https://amp.example.com/world/2026/05/ceasefire-talks",
        "https://m.example.com/world/2026/05/ceasefire-talks",
        "https://example.com/world/2026/05/ceasefire-talks.amp",
        "https://example.com/world/2026/05/./ceasefire-talks",
        "https://example.com/world/2026/06/../05/ceasefire-talks",
        "https://example.com/world/2026/05/ceasefire-talks/index.html",
        "https://example.com/world/2026/05/%63easefire-talks",
        "https://www-example-com.cdn.ampproject.org/c/s/www.example.com/world/2026/05/ceasefire-talks",
        "https://www.google.com/amp/s/example.com/world/2026/05/ceasefire-talks/amp",
        "  https://www.example.com/world/2026/05/ceasefire-talks/?utm_source=x#top \n",
    ],
)
def test_every_form_of_one_article_has_one_key(variant: str) -> None:
    assert canonical_url(variant) == STORY


def test_amp_html_suffix_becomes_the_html_page() -> None:
    assert (
        canonical_url("https://example.com/a/story.amp.html") == "https://example.com/a/story.html"
    )


@pytest.mark.parametrize(
    ("one", "other"),
    [
        # The article id is in the query: different ids are different articles.
        ("https://example.com/article?id=101", "https://example.com/article?id=102"),
        ("https://example.com/list?page=2", "https://example.com/list?page=3"),
        # Paths are case-sensitive, and another port is another server.
        ("https://example.com/News/A", "https://example.com/news/a"),
        ("https://example.com:8443/a", "https://example.com/a"),
        ("https://example.com/a", "https://example.org/a"),
        # A sub-domain that is not a mirror prefix names another site.
        ("https://news.example.com/a", "https://example.com/a"),
        # An escaped slash is not a path separator.
        ("https://example.com/a%2Fb", "https://example.com/a/b"),
    ],
)
def test_different_articles_keep_different_keys(one: str, other: str) -> None:
    assert canonical_url(one) != canonical_url(other)


def test_meaningful_parameters_are_kept_sorted() -> None:
    url = "https://example.com/view?b=2&utm_source=x&a=1&a=0&c=%7e+z"
    assert canonical_url(url) == "https://example.com/view?a=0&a=1&b=2&c=~%20z"


def test_the_root_keeps_its_slash_and_bare_suffixes_are_not_stripped() -> None:
    assert canonical_url("http://www.example.com") == "https://example.com/"
    assert canonical_url("https://www.com/a") == "https://www.com/a"
    assert canonical_url("https://m.co/a") == "https://m.co/a"


def test_non_http_and_relative_links_are_left_alone() -> None:
    assert canonical_url(" mailto:desk@example.com ") == "mailto:desk@example.com"
    assert canonical_url("/world/story") == "/world/story"
    assert canonical_url("ftp://example.com/a/") == "ftp://example.com/a/"
    assert canonical_url("http://[broken/") == "http://[broken/"


def test_percent_escapes_have_one_form() -> None:
    assert canonical_url("https://example.com/caf%c3%a9 x") == "https://example.com/caf%C3%A9%20x"
    assert canonical_url("https://example.com/café x") == "https://example.com/caf%C3%A9%20x"
    assert canonical_url("https://example.com/100%") == "https://example.com/100%25"


def test_tracking_parameters_and_the_host_of_last_resort() -> None:
    assert is_tracking("utm_content") and is_tracking("FBCLID") and is_tracking("mc_tc")
    assert not is_tracking("id") and not is_tracking("page") and not is_tracking("q")
    assert url_host("http://www.Example.com/a") == "example.com"
    assert url_host("/relative") is None


_url_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40)
_component = st.text(alphabet="abcAB0123-._~%/?#&=+ éü:@!$'()*,;[]", max_size=20)


@st.composite
def urls(draw: st.DrawFn) -> str:
    scheme = draw(st.sampled_from(["http", "https", "HTTP", "ftp", ""]))
    host = draw(st.sampled_from(["www.example.com", "m.news.org", "amp.site.net", "x", "[::1]"]))
    port = draw(st.sampled_from(["", ":80", ":443", ":8080"]))
    path = draw(_component)
    query = draw(
        st.lists(
            st.tuples(
                st.sampled_from(["utm_source", "id", "amp", "fbclid", "page", "a", "outputType"]),
                _component,
            ),
            max_size=4,
        )
    )
    rendered = "&".join(f"{k}={v}" for k, v in query)
    frag = draw(st.sampled_from(["", "#top", "#"]))
    prefix = f"{scheme}://" if scheme else ""
    return f"{prefix}{host}{port}/{path}{'?' + rendered if rendered else ''}{frag}"


@settings(max_examples=400, deadline=None)
@given(st.one_of(urls(), _url_text))
def test_canonical_is_idempotent(url: str) -> None:
    once = canonical_url(url)
    assert canonical_url(once) == once


@settings(max_examples=300, deadline=None)
@given(urls())
def test_no_tracking_fragment_or_amp_survives(url: str) -> None:
    out = canonical_url(url)
    parts = urlsplit(out)
    if parts.scheme != "https":
        return  # not an http(s) URL: left alone
    assert parts.fragment == ""
    keys = [key for key, _ in parse_qsl(parts.query, keep_blank_values=True)]
    assert not any(is_tracking(key) or key.lower() == "amp" for key in keys)
    assert keys == sorted(keys)
    assert not (parts.hostname or "").startswith(("www.", "amp.", "m."))


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["id", "page", "q", "lang"]), st.text("abc123+%", max_size=5)),
        min_size=1,
        max_size=5,
    ),
    st.randoms(use_true_random=False),
)
def test_parameter_order_does_not_matter(params: list[tuple[str, str]], rnd: object) -> None:
    import random

    assert isinstance(rnd, random.Random)
    shuffled = list(params)
    rnd.shuffle(shuffled)
    one = "https://example.com/a?" + "&".join(f"{k}={v}" for k, v in params)
    other = "https://example.com/a?" + "&".join(f"{k}={v}" for k, v in shuffled)
    assert canonical_url(one) == canonical_url(other)
