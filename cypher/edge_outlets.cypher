// Those of the (edge key, outlet) pairs with a factual statement.
// Params: $pairs (list of {source, type, target, outlet}).
UNWIND $pairs AS p
MATCH (st:Statement {source: p.source, type: p.type, target: p.target, outlet: p.outlet})
USING INDEX st:Statement(source, type, target, outlet)
WHERE st.factual
RETURN DISTINCT p.source AS source, p.type AS type, p.target AS target, p.outlet AS outlet
