"""What Neo4j Browser loads from the API: the analyst guide it plays on connect and the style.

The guide is a Browser guide (``<slide>`` sections; a ``<pre class="runnable">`` block goes to
the editor with one click), built from the headers and texts of ``cypher/library``. The
Browser page lives on Neo4j's own port, so these answers allow any origin: they hold nothing
but the project's query library and style.
"""

from __future__ import annotations

import html
import re

from fastapi import APIRouter, Response

from api.errors import COMMON
from graph import cypher

router = APIRouter(prefix="/browser", tags=["neo4j browser"], responses=COMMON)

_OPEN = {"Access-Control-Allow-Origin": "*", "Cache-Control": "no-cache"}
_PARAM = re.compile(r"\$([A-Za-z_]\w*)")
# Example values for the library's parameters, so each query runs as it is clicked.
EXAMPLES = {"actor": "syria", "source": "iran", "target": "syria", "type": "supports"}


@router.get(
    "/guide",
    response_class=Response,
    summary="The actorgraph guide for Neo4j Browser (`:play` this URL)",
    responses={200: {"content": {"text/html": {"schema": {"type": "string"}}}}},
)
def guide() -> Response:
    return Response(render_guide(), media_type="text/html; charset=utf-8", headers=_OPEN)


@router.options("/guide", include_in_schema=False)
@router.options("/actorgraph.grass", include_in_schema=False)
def preflight() -> Response:
    """Browser asks before fetching across origins (its page is on Neo4j's port)."""
    return Response(
        status_code=204,
        headers={
            **_OPEN,
            "Access-Control-Allow-Methods": "GET, OPTIONS",
            "Access-Control-Allow-Headers": "*",
            "Access-Control-Max-Age": "600",
        },
    )


@router.get(
    "/actorgraph.grass",
    response_class=Response,
    summary="The Neo4j Browser style (`:style` this URL)",
    responses={200: {"content": {"text/plain": {"schema": {"type": "string"}}}}},
)
def style() -> Response:
    return Response(cypher.grass(), media_type="text/plain; charset=utf-8", headers=_OPEN)


def render_guide() -> str:
    slides = [_intro()]
    for name in cypher.library_names():
        key = f"{cypher.LIBRARY}/{name}"
        slides.append(_query_slide(name, cypher.header(key), cypher.statement(key)))
    return "<article class='guide'>\n" + "\n".join(slides) + "\n</article>\n"


def _intro() -> str:
    return """<slide>
<h3>actorgraph: actors and alliances from the news</h3>
<p>Actors are <code>(:Actor)</code> nodes with a second label for their type:
<code>State</code>, <code>Leader</code>, <code>ArmedGroup</code>, <code>City</code>,
<code>Organization</code>, <code>Region</code>, <code>Person</code>. Between them, one
aggregated relationship per pair and type: <code>SUPPORTS</code>, <code>OPPOSES</code>,
<code>CALLS</code> (calls, visits, meetings), <code>CONTROLS</code>, and the structural
<code>LEADS</code>, <code>MEMBER_OF</code>, <code>LOCATED_IN</code>, each with
<code>mentions</code>, <code>confidence</code>, <code>first_seen</code>,
<code>last_seen</code>. Every statement behind them is a <code>(:Statement)</code> with its
sentence, linked to its <code>(:Article)</code>.</p>
<p>The next slides are the analyst queries of <code>cypher/library</code>: click a block to
put it in the editor, then run it. Parameters are set by the <code>:param</code> block above
each query.</p>
<pre class="runnable">MATCH (s:State)-[r:SUPPORTS|OPPOSES]->(t:Actor)
RETURN s, r, t LIMIT 100</pre>
</slide>"""


def _query_slide(name: str, header: str, statement: str) -> str:
    params = sorted(set(_PARAM.findall(statement)))
    blocks = []
    if params:
        values = ", ".join(f'{p}: "{EXAMPLES.get(p, "")}"' for p in params)
        blocks.append(f"<pre class='runnable'>:params {{{html.escape(values)}}}</pre>")
    blocks.append(f"<pre class='runnable'>{html.escape(statement)}</pre>")
    title = name.replace("_", " ")
    text = "<br>".join(html.escape(line) for line in header.splitlines())
    return (
        f"<slide>\n<h3>{html.escape(title)}</h3>\n<p>{text}</p>\n"
        + "\n".join(blocks)
        + "\n</slide>"
    )
