"""CAMEO reference tables: event codes (labels, Goldstein weights, relation types) and actor
codes (role codes, regional and organisation prefixes).

Published facts of the CAMEO codebook (Schrodt et al.) and of the Goldstein (1992) conflict-
cooperation scale as adapted to CAMEO event codes. ``admitted_relation`` is actorgraph's own choice
of which CAMEO codes make which relation of the graph, read from one table,
loaders/knowledge/data/cameo_relations.json.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from importlib import resources

from graph.model import ActorType, RelationType

# ---------------------------------------------------------------- event codes

# Goldstein scale value per CAMEO event code (root, 3- and 4-digit codes).
_GOLDSTEIN = """
01 0.0 010 0.0 011 -0.1 012 -0.4 013 0.4 014 0.0 015 0.0 016 -2.0 017 0.0 018 3.4 019 3.4
02 3.0 020 3.0 021 3.4 0211 3.4 0212 3.4 0213 3.4 0214 3.4 022 3.2 023 3.4 0231 3.4 0232 3.4
0233 3.4 0234 3.4 024 -0.3 0241 -0.3 0242 -0.3 0243 -0.3 0244 -0.3 025 -0.3 0251 -0.3
0252 -0.3 0253 -0.3 0254 -0.3 0255 -0.3 0256 -0.3 026 4.0 027 4.0 028 4.0
03 4.0 030 4.0 031 5.2 0311 5.2 0312 5.2 0313 5.2 0314 5.2 032 4.5 033 5.2 0331 5.2 0332 5.2
0333 5.2 0334 6.0 034 7.0 0341 7.0 0342 7.0 0343 7.0 0344 7.0 035 7.0 0351 7.0 0352 7.0
0353 7.0 0354 7.0 0355 7.0 0356 7.0 036 4.0 037 5.0 038 7.0 039 5.0
04 1.0 040 1.0 041 1.0 042 1.9 043 2.8 044 2.5 045 5.0 046 7.0
05 3.5 050 3.5 051 3.4 052 3.5 053 3.8 054 6.0 055 7.0 056 7.0 057 8.0
06 6.0 060 6.0 061 6.4 062 7.4 063 7.4 064 7.0
07 7.0 070 7.0 071 7.4 072 8.3 073 7.4 074 8.5 075 7.0
08 5.0 080 5.0 081 5.0 0811 5.0 0812 5.0 0813 5.0 0814 5.0 082 5.0 083 5.0 0831 5.0 0832 5.0
0833 5.0 0834 5.0 084 7.0 0841 7.0 0842 7.0 085 7.0 086 9.0 0861 9.0 0862 9.0 0863 9.0
087 9.0 0871 9.0 0872 9.0 0873 9.0 0874 10.0
09 -2.0 090 -2.0 091 -2.0 092 -2.0 093 -2.0 094 -2.0
10 -5.0 100 -5.0 101 -5.0 1011 -5.0 1012 -5.0 1013 -5.0 1014 -5.0 102 -5.0 103 -5.0
1031 -5.0 1032 -5.0 1033 -5.0 1034 -5.0 104 -5.0 1041 -5.0 1042 -5.0 1043 -5.0 1044 -5.0
105 -5.0 1051 -5.0 1052 -5.0 1053 -5.0 1054 -5.0 1055 -5.0 1056 -5.0 106 -5.0 107 -5.0
108 -5.0
11 -2.0 110 -2.0 111 -2.0 112 -2.0 1121 -2.0 1122 -2.0 1123 -2.0 1124 -2.0 1125 -2.0
113 -2.0 114 -2.0 115 -2.0 116 -2.0
12 -4.0 120 -4.0 121 -4.0 1211 -4.0 1212 -4.0 122 -4.0 1221 -4.0 1222 -4.0 1223 -4.0
1224 -4.0 123 -4.0 1231 -4.0 1232 -4.0 1233 -4.0 1234 -4.0 124 -4.0 1241 -4.0 1242 -4.0
1243 -4.0 1244 -4.0 1245 -4.0 1246 -4.0 125 -5.0 126 -5.0 127 -5.0 128 -5.0 129 -5.0
13 -6.0 130 -4.4 131 -5.8 1311 -5.8 1312 -5.8 1313 -5.8 132 -5.8 1321 -5.8 1322 -5.8
1323 -5.8 1324 -5.8 133 -5.8 134 -5.8 135 -5.8 136 -7.0 137 -7.0 138 -7.0 1381 -7.0
1382 -7.0 1383 -7.0 1384 -7.0 1385 -7.0 139 -7.0
14 -6.5 140 -6.5 141 -6.5 1411 -6.5 1412 -6.5 1413 -6.5 1414 -6.5 142 -6.5 1421 -6.5
1422 -6.5 1423 -6.5 1424 -6.5 143 -6.5 1431 -6.5 1432 -6.5 1433 -6.5 1434 -6.5 144 -7.5
1441 -7.5 1442 -7.5 1443 -7.5 1444 -7.5 145 -7.5 1451 -7.5 1452 -7.5 1453 -7.5 1454 -7.5
15 -7.2 150 -7.2 151 -7.2 152 -7.2 153 -7.2 154 -7.2
16 -4.0 160 -4.0 161 -4.0 162 -5.6 1621 -5.6 1622 -5.6 1623 -5.6 163 -8.0 164 -7.0 165 -6.5
166 -7.0 1661 -7.0 1662 -7.0 1663 -7.0
17 -7.0 170 -7.0 171 -9.2 1711 -9.2 1712 -9.2 172 -5.0 1721 -5.0 1722 -5.0 1723 -5.0
1724 -5.0 173 -5.0 174 -5.0 175 -9.0
18 -9.0 180 -9.0 181 -9.0 182 -9.5 1821 -9.0 1822 -9.0 1823 -10.0 183 -10.0 1831 -10.0
1832 -10.0 1833 -10.0 184 -8.0 185 -8.0 186 -10.0
19 -10.0 190 -10.0 191 -9.5 192 -9.5 193 -10.0 194 -10.0 195 -10.0 196 -9.5
20 -10.0 200 -10.0 201 -9.5 202 -10.0 203 -10.0 204 -10.0 2041 -10.0 2042 -10.0
"""

GOLDSTEIN: dict[str, float] = {
    code: float(value)
    for code, value in zip(_GOLDSTEIN.split()[::2], _GOLDSTEIN.split()[1::2], strict=True)
}

# The twenty CAMEO event families.
FAMILIES: dict[str, str] = {
    "01": "make public statement",
    "02": "appeal",
    "03": "express intent to cooperate",
    "04": "consult",
    "05": "engage in diplomatic cooperation",
    "06": "engage in material cooperation",
    "07": "provide aid",
    "08": "yield",
    "09": "investigate",
    "10": "demand",
    "11": "disapprove",
    "12": "reject",
    "13": "threaten",
    "14": "protest",
    "15": "exhibit force posture",
    "16": "reduce relations",
    "17": "coerce",
    "18": "assault",
    "19": "fight",
    "20": "use unconventional mass violence",
}

# Labels of the codes that decide a relation (the others are named by their family).
LABELS: dict[str, str] = {
    "019": "express accord",
    "030": "express intent to cooperate",
    "031": "express intent to engage in material cooperation",
    "032": "express intent to provide diplomatic cooperation",
    "033": "express intent to provide material aid",
    "036": "express intent to meet or negotiate",
    "040": "consult",
    "041": "discuss by telephone",
    "042": "make a visit",
    "043": "host a visit",
    "044": "meet at a third location",
    "045": "mediate",
    "046": "engage in negotiation",
    "050": "engage in diplomatic cooperation",
    "051": "praise or endorse",
    "052": "defend verbally",
    "053": "rally support on behalf of",
    "054": "grant diplomatic recognition",
    "055": "apologize",
    "056": "forgive",
    "057": "sign formal agreement",
    "060": "engage in material cooperation",
    "061": "cooperate economically",
    "062": "cooperate militarily",
    "063": "engage in judicial cooperation",
    "064": "share intelligence or information",
    "070": "provide aid",
    "071": "provide economic aid",
    "072": "provide military aid",
    "073": "provide humanitarian aid",
    "074": "provide military protection or peacekeeping",
    "075": "grant asylum",
    "110": "disapprove",
    "111": "criticize or denounce",
    "112": "accuse",
    "120": "reject",
    "130": "threaten",
    "138": "threaten to use military force",
    "140": "engage in political dissent",
    "150": "demonstrate military or police power",
    "160": "reduce relations",
    "163": "impose embargo, boycott or sanctions",
    "170": "coerce",
    "173": "arrest, detain or charge",
    "180": "use unconventional violence",
    "190": "use conventional military force",
    "192": "occupy territory",
    "195": "employ aerial weapons",
    "200": "use unconventional mass violence",
}


@dataclass(frozen=True, slots=True)
class CodeRelation:
    """What the graph makes of a CAMEO event code (loaders/knowledge/data/cameo_relations.json)."""

    prefix: str
    relation: RelationType | None
    planned: bool = False
    preps: tuple[str, ...] = ()
    place_only: bool = False  # the relation holds with a place acted on...
    otherwise: RelationType | None = None  # ...and this one with an actor
    admitted: bool = True
    synonyms: bool = True  # whether a group's bare members trigger in this family
    partner_in_slot: bool = False  # a pattern's phrase, not the object, names the partner
    why: str = ""


@functools.cache
def code_table() -> dict[str, CodeRelation]:
    """The table of code prefixes, read once per process."""
    raw = json.loads(
        (resources.files("loaders.knowledge") / "data" / "cameo_relations.json").read_text("utf-8")
    )
    table: dict[str, CodeRelation] = {}
    for entry in raw["codes"]:
        relation = entry.get("relation")
        otherwise = entry.get("otherwise")
        table[entry["prefix"]] = CodeRelation(
            prefix=entry["prefix"],
            relation=RelationType(relation) if relation else None,
            planned=bool(entry.get("planned", False)),
            preps=tuple(entry.get("preps", ())),
            place_only=entry.get("object") == "place",
            otherwise=RelationType(otherwise) if otherwise else None,
            admitted=bool(entry.get("admitted", True)),
            synonyms=bool(entry.get("synonyms", True)),
            partner_in_slot=bool(entry.get("partner_in_slot", False)),
            why=entry.get("why", ""),
        )
    return table


def code_relation(code: str | None) -> CodeRelation | None:
    """The entry of the longest prefix of a code, if any."""
    if not code:
        return None
    table = code_table()
    for length in range(len(code), 1, -1):
        entry = table.get(code[:length])
        if entry is not None:
            return entry
    return None


def admitted_relation(code: str | None) -> CodeRelation | None:
    """The table's entry for a code when its family is admitted and it makes a relation
    (its relation, whether only intended, which prepositions reach the one acted on)."""
    entry = code_relation(code)
    if entry is None or not entry.admitted or entry.relation is None:
        return None
    return entry


def goldstein(code: str | None) -> float | None:
    """The Goldstein weight of a code, falling back to its 3-digit base and its family."""
    if not code:
        return None
    for key in (code, code[:3], code[:2]):
        if key in GOLDSTEIN:
            return GOLDSTEIN[key]
    return None


def label(code: str | None) -> str | None:
    if not code:
        return None
    return LABELS.get(code[:3]) or FAMILIES.get(code[:2])


# ---------------------------------------------------------------- actor codes

# Role codes (three letters after a country code, or alone in agents).
ROLES: dict[str, str] = {
    "GOV": "government",
    "MIL": "military",
    "COP": "police",
    "SPY": "intelligence",
    "JUD": "judiciary",
    "LEG": "legislature",
    "ELI": "elite",
    "OPP": "opposition",
    "PTY": "political party",
    "REB": "rebels",
    "INS": "insurgents",
    "SEP": "separatists",
    "UAF": "unaligned armed forces",
    "RAD": "radicals",
    "MOD": "moderates",
    "IMG": "international militarised group",
    "IGO": "intergovernmental organisation",
    "NGO": "non-governmental organisation",
    "NGM": "non-governmental movement",
    "MNC": "multinational corporation",
    "BUS": "business",
    "MED": "media",
    "EDU": "education",
    "HLH": "health",
    "AGR": "agriculture",
    "LAB": "labour",
    "ENV": "environment",
    "HRI": "human rights",
    "DEV": "development",
    "REF": "refugees",
    "REL": "religion",
    "CVL": "civilians",
    "CRM": "criminals",
    "PPL": "people",
    "FRM": "foreign ministry",
    "PRS": "president",
    "OCC": "occupying power",
    "AUT": "autonomous authority",
    "UNR": "unrecognised authority",
}

# Roles that are armed (make an armed group of a named actor that is not a person).
ARMED_ROLES = frozenset({"REB", "INS", "SEP", "UAF", "IMG", "MIL", "RAD"})
# Roles that belong to a state (a generic agent with one is a state organ).
STATE_ROLES = frozenset({"GOV", "MIL", "COP", "SPY", "JUD", "LEG"})
# Religious and ethnic codes that may follow a role (SYRREBMUS): not roles themselves.
AFFILIATIONS: dict[str, str] = {
    "MUS": "Muslim",
    "SHI": "Shia",
    "SUN": "Sunni",
    "CHR": "Christian",
    "CTH": "Catholic",
    "PRO": "Protestant",
    "DOX": "Orthodox",
    "JEW": "Jewish",
    "HIN": "Hindu",
    "BUD": "Buddhist",
    "SIK": "Sikh",
    "ALQ": "al-Qaeda",
    "MAR": "Maronite",
    "CPT": "Coptic",
    "ATH": "atheist",
    "BAH": "Bahai",
    "TAO": "Taoist",
}

# CAMEO regional and supranational codes (no single state).
REGIONS: dict[str, str] = {
    "AFR": "Africa",
    "ASA": "Asia",
    "BLK": "Balkans",
    "CAS": "Central Asia",
    "CAU": "Caucasus",
    "CFR": "Central Africa",
    "CRB": "Caribbean",
    "EAF": "East Africa",
    "EEU": "Eastern Europe",
    "EIN": "East Indies",
    "EUR": "Europe",
    "LAM": "Latin America",
    "MEA": "Middle East",
    "MDT": "Mediterranean",
    "NAF": "North Africa",
    "NMR": "North America",
    "PGS": "Persian Gulf",
    "SAF": "Southern Africa",
    "SAM": "South America",
    "SAS": "South Asia",
    "SCN": "Scandinavia",
    "SEA": "Southeast Asia",
    "WAF": "West Africa",
    "WEU": "Western Europe",
    "WST": "the West",
    "INT": "international",
}

# CAMEO country codes that differ from ISO 3166 alpha-3 (or name states that are gone).
COUNTRY_ALIASES: dict[str, str | None] = {
    "TMP": "TLS",  # East Timor
    "ROM": "ROU",
    "ZAR": "COD",
    "KSV": None,  # Kosovo: no ISO code
    "USR": None,  # Soviet Union
    "SUN": None,
    "YUG": None,
    "SCG": "SCG",
    "FRY": None,
    "CSK": None,
    "DDR": None,
}


def type_for_roles(roles: list[str]) -> ActorType:
    """The type of a named non-person actor from its role codes (first decisive role wins)."""
    for role in roles:
        if role in ARMED_ROLES:
            return ActorType.ARMED_GROUP
        if role in ("IGO", "NGO", "NGM", "MNC", "OPP", "PTY", "GOV", "JUD", "LEG", "COP", "SPY"):
            return ActorType.ORGANIZATION
    return ActorType.ORGANIZATION
