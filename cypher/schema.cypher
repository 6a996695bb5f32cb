// Every constraint and index actorgraph relies on. Applied by `actorgraph init` and by the
// test fixtures; each statement is idempotent (IF NOT EXISTS), so re-applying is harmless.
// Unlike the other files this one holds several statements, separated by semicolons.

CREATE CONSTRAINT actor_id IF NOT EXISTS FOR (a:Actor) REQUIRE a.id IS UNIQUE;
CREATE CONSTRAINT article_id IF NOT EXISTS FOR (a:Article) REQUIRE a.id IS UNIQUE;
CREATE CONSTRAINT statement_id IF NOT EXISTS FOR (s:Statement) REQUIRE s.id IS UNIQUE;
// An id that was merged away keeps pointing at the actor that absorbed it.
CREATE CONSTRAINT merged_id IF NOT EXISTS FOR (m:MergedId) REQUIRE m.id IS UNIQUE;
CREATE INDEX actor_type IF NOT EXISTS FOR (a:Actor) ON (a.type);
CREATE INDEX actor_name IF NOT EXISTS FOR (a:Actor) ON (a.name);
CREATE INDEX statement_type IF NOT EXISTS FOR (s:Statement) ON (s.type);
CREATE INDEX statement_source IF NOT EXISTS FOR (s:Statement) ON (s.source);
CREATE INDEX statement_target IF NOT EXISTS FOR (s:Statement) ON (s.target);
CREATE INDEX statement_article IF NOT EXISTS FOR (s:Statement) ON (s.article_id);
// The key of an aggregated edge: recomputing an edge finds its statements in one seek.
CREATE INDEX statement_key IF NOT EXISTS FOR (s:Statement) ON (s.source, s.type, s.target);
CREATE INDEX actor_country IF NOT EXISTS FOR (a:Actor) ON (a.country);
CREATE INDEX merged_into IF NOT EXISTS FOR (m:MergedId) ON (m.into);
CREATE INDEX article_published IF NOT EXISTS FOR (a:Article) ON (a.published);
CREATE FULLTEXT INDEX actor_names IF NOT EXISTS FOR (a:Actor) ON EACH [a.name, a.aliases];
// Search: each actor's 2- to 4-letter sequences as tokens (graph/store/engine.py GRAM_SIZES).
CREATE FULLTEXT INDEX actor_grams IF NOT EXISTS FOR (a:Actor) ON EACH [a.grams];
CREATE INDEX actor_sort_name IF NOT EXISTS FOR (a:Actor) ON (a.sort_name);
// Blocs stored by `actorgraph blocs --write`: Browser users ask for MATCH (a:Actor {bloc: 2}).
CREATE INDEX actor_bloc IF NOT EXISTS FOR (a:Actor) ON (a.bloc);
// The data version every write bumps (one node).
CREATE CONSTRAINT meta_key IF NOT EXISTS FOR (m:Meta) REQUIRE m.key IS UNIQUE;
