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
// Stories and outlets on an edge: whether an edge has a story, or an outlet, is one seek
// (graph/store/stories.py); an evidence item's other outlets of its story likewise.
CREATE INDEX statement_story IF NOT EXISTS FOR (s:Statement) ON (s.source, s.type, s.target, s.story);
CREATE INDEX statement_outlet IF NOT EXISTS FOR (s:Statement) ON (s.source, s.type, s.target, s.outlet);
// Whether an article is stored under a canonical URL (before a feed item's page is fetched).
CREATE INDEX article_canonical_url IF NOT EXISTS FOR (a:Article) ON (a.canonical_url);
CREATE INDEX article_outlet IF NOT EXISTS FOR (a:Article) ON (a.outlet);
// Outlets: (:Source)-[:PUBLISHED]->(:Article), listed by name.
CREATE CONSTRAINT source_id IF NOT EXISTS FOR (s:Source) REQUIRE s.id IS UNIQUE;
CREATE INDEX source_name IF NOT EXISTS FOR (s:Source) ON (s.name);
// Followed feeds and their state (one node each).
CREATE CONSTRAINT feed_url IF NOT EXISTS FOR (f:Feed) REQUIRE f.url IS UNIQUE;
// Copy-detection signatures: one per scheme and article, read in the order they were saved.
CREATE CONSTRAINT copy_signature IF NOT EXISTS FOR (s:CopySignature) REQUIRE (s.scheme, s.article_id) IS UNIQUE;
CREATE INDEX copy_signature_seq IF NOT EXISTS FOR (s:CopySignature) ON (s.seq);
CREATE INDEX copy_signature_article IF NOT EXISTS FOR (s:CopySignature) ON (s.article_id)
