"""Alliance analytics: blocs, structural balance, brokers, inferred relations, blocs over time,
and where one actor stands.

Every route takes the same window as the relations (``since``, ``until``, ``modality``,
``min_confidence``) and the bloc detection's options; the answer is computed once per data
version of the store and question (off the event loop: these routes run in the threadpool),
then served from the cache. After a write the last answer is served at once, its ``meta``
saying ``stale: true`` and ``computed_at``, while the new one is computed in the background
(see ``AllianceService``).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response

from api.deps import AlliancesDep
from api.errors import COMMON, responses
from api.params import IsoDate, Limit, Modalities, check_window, enum_values
from graph.alliance_params import DEFAULT_RUNS, bounds
from graph.alliances.service import (
    AllianceParams,
    BalanceAnswer,
    BlocsAnswer,
    BrokersAnswer,
    InferredAnswer,
    PositionAnswer,
    TimelineAnswer,
)
from graph.alliances.timeline import Unit
from graph.model import Modality

router = APIRouter(tags=["analytics"], responses=COMMON)


# The bounds of each number are AllianceParams' own (graph/alliances/service.py).
_CONFIDENCE = bounds("min_confidence")
_HALF_LIFE = bounds("half_life_days")
_RUNS = bounds("runs")
_SEED = bounds("seed")
_RESOLUTION = bounds("resolution")


def alliance_params(
    since: IsoDate | None = None,
    until: IsoDate | None = None,
    modality: Modalities = None,
    min_confidence: Annotated[
        float,
        Query(
            ge=_CONFIDENCE.low,
            le=_CONFIDENCE.high,
            description="Leave out edges less certain than this",
        ),
    ] = 0.0,
    fold: Annotated[
        bool,
        Query(description="Fold leaders, units and cities into the state or group they belong to"),
    ] = False,
    half_life_days: Annotated[
        float | None,
        Query(
            ge=_HALF_LIFE.low,
            le=_HALF_LIFE.high,
            description="Weigh ties by recency: halves every this many days",
        ),
    ] = None,
    runs: Annotated[
        int,
        Query(
            ge=_RUNS.low, le=_RUNS.high, description="Bloc detection runs (seeds) in the consensus"
        ),
    ] = DEFAULT_RUNS,
    seed: Annotated[
        int, Query(ge=_SEED.low, le=_SEED.high, description="The first run's seed")
    ] = 0,
    resolution: Annotated[
        float,
        Query(ge=_RESOLUTION.low, le=_RESOLUTION.high, description="Larger: more, smaller blocs"),
    ] = 1.0,
) -> AllianceParams:
    check_window(since, until)
    return AllianceParams.of(
        since=since,
        until=until,
        modalities=enum_values(modality, Modality),
        min_confidence=min_confidence,
        fold=fold,
        half_life_days=half_life_days,
        runs=runs,
        seed=seed,
        resolution=resolution,
    )


ParamsDep = Annotated[AllianceParams, Depends(alliance_params)]


def _json(body: bytes) -> Response:
    # The cached answer's JSON, serialised once (see AllianceService): not validated again.
    return Response(body, media_type="application/json")


@router.get(
    "/analytics/blocs",
    response_model=BlocsAnswer,
    summary="Blocs: actors held together by support, with their cohesion and stability",
)
def blocs(alliances: AlliancesDep, params: ParamsDep, limit: Limit = 50) -> Response:
    """Signed community detection over the supports (+) and opposes (-) ties of the window,
    a consensus of `runs` seeds. Each bloc has its members (and `folded` actors), its
    cohesion (share of support among the ties inside it), its stability over the runs and
    its relations with other blocs; `frustrated` lists the heaviest `limit` ties that
    contradict the partition; actors with no signed tie are `unaligned`."""
    return _json(alliances.json("blocs", params, limit))


@router.get(
    "/analytics/balance",
    response_model=BalanceAnswer,
    summary="Structural balance: balanced and unbalanced triangles",
)
def balance(alliances: AlliancesDep, params: ParamsDep, limit: Limit = 50) -> Response:
    """Every triangle of signed ties is balanced (+++, +--) or not (++-, ---): counts by
    kind, the balance ratio, the `limit` actors in the most unbalanced triangles and the
    `limit` heaviest unbalanced triangles."""
    return _json(alliances.json("balance", params, limit))


@router.get(
    "/analytics/brokers",
    response_model=BrokersAnswer,
    summary="Brokers and standing: betweenness, bridging, support, opposition, PageRank",
)
def brokers(alliances: AlliancesDep, params: ParamsDep, limit: Limit = 10) -> Response:
    """The top `limit` of each ranking (betweenness on the support graph, bridging across
    blocs, most supported, most opposed, PageRank of support), and the full standing of the
    actors they name."""
    return _json(alliances.json("brokers", params, limit))


@router.get(
    "/analytics/inferred",
    response_model=InferredAnswer,
    summary="Inferred relations: what structural balance predicts (never evidence)",
)
def inferred(alliances: AlliancesDep, params: ParamsDep, limit: Limit = 50) -> Response:
    """Pairs with no tie of their own whose open triangles predict support (friend of a
    friend, enemy of an enemy) or opposition (friend of an enemy), most confident first, with
    the triangles that imply them. Predictions, labelled `inferred: true`: never stored, no
    evidence."""
    return _json(alliances.json("inferred", params, limit))


@router.get(
    "/analytics/timeline",
    response_model=TimelineAnswer,
    summary="Blocs over time: per period, matched across periods, and what changed",
)
def alliance_timeline(
    alliances: AlliancesDep,
    params: ParamsDep,
    unit: Annotated[
        Unit | None,
        Query(description="month, quarter or year (default: the finest with at most 36 periods)"),
    ] = None,
) -> Response:
    """One window per calendar period from the first to the last dated signed statement
    (inside `since`/`until`); each period's blocs are matched to the blocs of earlier periods
    so a bloc keeps its id; `changes` says who moved, which ties flipped, which blocs formed
    or dissolved. More than 120 periods are refused (422)."""
    return _json(alliances.timeline_json(params, unit, stale_ok=True))


@router.get(
    "/actors/{actor_id}/position",
    response_model=PositionAnswer,
    summary="Where an actor stands: bloc, allies inside it, adversaries, tensions",
    responses=responses(404),
)
def position(
    alliances: AlliancesDep, params: ParamsDep, actor_id: str, limit: Limit = 50
) -> Response:
    """The actor's bloc (through the state or group it is folded into with `fold`), its
    stability and standing, its allies inside its bloc and outside it, its adversaries, its
    tensions (opposition inside its bloc, support across blocs), its triangles and the
    relations balance predicts for it. An actor with no signed tie is in no bloc."""
    return _json(alliances.position_json(params, actor_id, limit, stale_ok=True))
