-- PostgreSQL only (spring.flyway.locations adds db/vendor/{vendor}): full-text indexes for the
-- inbox search box, see docs/adr/0004-inbox-indexes-and-search.md. The 'simple' configuration
-- lower-cases without stemming or stop words, as posts come in many languages. The expressions
-- must stay exactly those of io.parley.conversations.TextSearch. Vendor-only migrations take a
-- point version (50.1) so that the shared scripts keep the whole numbers.
create index ix_messages_search on messages using gin (
  to_tsvector('simple', text || ' ' || coalesce(author_name, '') || ' ' || coalesce(author_handle, '')));
create index ix_contacts_search on contacts using gin (to_tsvector('simple', display_name));
create index ix_contact_identities_search on contact_identities using gin (
  to_tsvector('simple', handle || ' ' || display_name));
