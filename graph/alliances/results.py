"""What alliance analytics return: frozen pydantic models with plain-JSON fields.

They are meant to be the API's response models as they are: ids are strings, every list has a
documented order, floats are rounded to 6 decimals, and nothing refers to networkx, igraph or
numpy. ``model_dump(mode="json")`` of a result is identical for identical input.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Sign = Literal["supports", "opposes"]
TriangleKind = Literal["+++", "+--", "++-", "---"]
Rule = Literal["friend_of_friend", "enemy_of_enemy", "friend_of_enemy", "enemy_of_friend"]
ChangeKind = Literal["moved", "tie_flipped", "formed", "dissolved"]


class Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# -- the signed graph -----------------------------------------------------------------------------


class SignedTie(Frozen):
    """The net signed tie between two actors (supports minus opposes, both directions).

    ``source`` < ``target``: a tie has no direction. ``weight`` is the absolute net strength.
    """

    source: str
    target: str
    sign: Sign
    weight: float


class SignedSummary(Frozen):
    """What the signed graph was built from (for the response's ``meta``)."""

    actors: int
    aligned: int
    ties: int
    positive: int
    negative: int
    folded: dict[str, str]
    modalities: list[str]
    since: str | None
    until: str | None
    half_life_days: float | None
    as_of: str | None
    min_confidence: float = 0.0


# -- blocs ----------------------------------------------------------------------------------------


class BlocRelation(Frozen):
    """The ties between a bloc and another one: summed weights and the share that is hostile."""

    other: str
    support: float
    opposition: float
    hostility: float  # opposition / (support + opposition): 1.0 = only opposition


class FrustratedTie(Frozen):
    """A tie that contradicts the partition: opposition inside a bloc, support across blocs."""

    source: str
    target: str
    sign: Sign
    weight: float
    source_bloc: str
    target_bloc: str


class Bloc(Frozen):
    id: str  # "bloc-1" is the largest
    label: str  # the member with the most support inside the bloc (names the bloc)
    members: list[str]  # signed-graph actors (representatives when folded), sorted
    folded: list[str]  # actors folded into a member (leaders, units), sorted
    size: int
    stability: float  # mean over members and runs of the Jaccard of their bloc with the run's
    support_inside: float
    opposition_inside: float
    support_outside: float
    opposition_outside: float
    cohesion: float | None  # support_inside / (support_inside + opposition_inside)
    frustrated_ties: int
    frustrated_weight: float
    relations: list[BlocRelation]  # blocs it has ties with, most hostile first


class RunSummary(Frozen):
    seed: int
    blocs: int
    quality: float  # of the signed multiplex (leidenalg's, both layers)
    agreement: float  # adjusted Rand index with the consensus
    chosen: bool  # the medoid run the consensus was made from


class BlocsResult(Frozen):
    blocs: list[Bloc]  # largest first, then by smallest member id
    membership: dict[str, str]  # every aligned actor (folded ones too) -> bloc id
    stability: dict[str, float]  # every signed-graph actor in a bloc -> its stability
    unaligned: list[str]  # actors with no signed tie: in no bloc
    ties: int
    frustrated_ties: int
    frustration: float  # frustrated weight / total weight (0.0 = perfectly clusterable)
    frustrated: list[FrustratedTie]  # heaviest first, at most ``limit``
    runs: list[RunSummary]
    agreement: float  # mean adjusted Rand index of the runs with the consensus


# -- balance --------------------------------------------------------------------------------------


class Triangle(Frozen):
    """Three actors tied pairwise. ``signs`` are for (a, b), (a, c), (b, c) with a < b < c."""

    actors: list[str]
    signs: list[Sign]
    kind: TriangleKind
    balanced: bool
    weight: float  # the weakest of its three ties


class ActorBalance(Frozen):
    actor: str
    triangles: int
    unbalanced: int
    unbalanced_share: float


class BalanceResult(Frozen):
    triangles: int
    balanced: int
    unbalanced: int
    by_kind: dict[str, int]  # "+++", "+--" (balanced), "++-", "---" (unbalanced)
    balance_ratio: float | None  # balanced / triangles; None without a triangle
    actors: list[ActorBalance]  # actors in a triangle: most unbalanced first, then id
    unbalanced_triangles: list[Triangle]  # heaviest first, at most ``limit``


# -- brokers and standing -------------------------------------------------------------------------


class ActorStanding(Frozen):
    actor: str
    bloc: str | None
    betweenness: float  # on the support graph, undirected, normalised to [0, 1]
    bridging: float  # participation of its support ties across blocs (0 = one bloc only)
    blocs_supported: int  # other blocs its support ties reach
    support_in: float
    support_out: float
    opposition_in: float
    opposition_out: float
    pagerank: float  # on the directed support graph


class ActorScore(Frozen):
    actor: str
    score: float


class BrokersResult(Frozen):
    actors: list[ActorStanding]  # every signed-graph actor, by id
    brokers: list[ActorScore]  # highest betweenness first
    bridges: list[ActorScore]  # highest bridging first
    most_supported: list[ActorScore]
    most_opposed: list[ActorScore]
    pagerank: list[ActorScore]
    betweenness_exact: bool
    betweenness_sources: int  # shortest-path sources used (all actors when exact)


# -- inferred relations ---------------------------------------------------------------------------


class InferredPath(Frozen):
    """The open triangle that implies an inferred relation: source -first- via -second- target."""

    via: str
    first: Sign
    second: Sign
    rule: Rule
    strength: float  # certainty of the two ties, multiplied


class InferredRelation(Frozen):
    """A balance-theory prediction. Never an extracted relation: it has no evidence."""

    source: str  # source < target: a prediction has no direction
    target: str
    type: Sign
    inferred: Literal[True] = True
    score: float  # in [-1, 1]: P(support) - P(opposition) from independent paths
    confidence: float  # |score|
    support_paths: int
    opposition_paths: int
    because: list[InferredPath]  # strongest first, at most ``paths``


class InferredResult(Frozen):
    relations: list[InferredRelation]  # most confident first, then ids
    candidates: int  # pairs without a tie that some path predicts (before min/limit)


# -- an actor's position --------------------------------------------------------------------------


class PositionTie(Frozen):
    """One of an actor's net signed ties, seen from the actor: the other end and its bloc."""

    actor: str
    bloc: str | None
    sign: Sign
    weight: float


class ActorPosition(Frozen):
    actor: str
    represented_by: str  # itself, or the state/group it is folded into
    bloc: str | None
    bloc_label: str | None
    stability: float | None
    standing: ActorStanding | None
    triangles: int
    unbalanced_triangles: int
    inferred: list[InferredRelation]
    # support ties to members of its own bloc, strongest first (then by id), at most ``limit``
    allies_inside: list[PositionTie] = Field(default_factory=list)
    # support ties to actors of other blocs or of none, strongest first
    allies_outside: list[PositionTie] = Field(default_factory=list)
    # opposition ties, strongest first
    adversaries: list[PositionTie] = Field(default_factory=list)
    # its ties that contradict the partition (opposition inside its bloc, support across
    # blocs), heaviest first: where its bloc strains
    tensions: list[FrustratedTie] = Field(default_factory=list)


# -- over time ------------------------------------------------------------------------------------


class Period(Frozen):
    label: str  # "2026-03" (month), "2026-Q1" (quarter), "2026" (year)
    since: str  # ISO date, inclusive
    until: str  # ISO date, inclusive


class TimelineBloc(Frozen):
    id: str  # the track: the same id in every period the bloc is matched in
    label: str
    members: list[str]
    folded: list[str]
    size: int
    cohesion: float | None
    stability: float
    jaccard: float | None  # overlap with the track's previous members; None when it is new


class TimelinePeriod(Frozen):
    period: str
    actors: int  # signed-graph actors with a tie in the period
    ties: int
    frustration: float
    blocs: list[TimelineBloc]


class Track(Frozen):
    id: str
    label: str  # label of the bloc when the track began
    first_period: str
    last_period: str
    periods: list[str]


class Change(Frozen):
    """One thing that changed: an actor changing bloc, a tie changing sign, a bloc forming or
    dissolving. ``before``/``after`` are bloc ids for moves, relation types for ties."""

    period: str
    kind: ChangeKind
    actors: list[str]
    before: str | None
    after: str | None
    since_period: str | None  # the period ``before`` was last seen in
    stability: float | None  # the mover's stability in its new bloc
    message: str


class Timeline(Frozen):
    periods: list[TimelinePeriod]
    tracks: list[Track]
    changes: list[Change]  # by period, then kind, then actors


class AllianceReport(Frozen):
    """Everything at once (what an API cache keyed by data version would hold)."""

    signed: SignedSummary
    blocs: BlocsResult
    balance: BalanceResult
    brokers: BrokersResult
    inferred: InferredResult
