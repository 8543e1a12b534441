-- Merging two conversations moves their notes and deletes one conversation; both look up
-- internal_notes by conversation (PostgreSQL also checks the foreign key on delete), which
-- without an index reads the whole table once per merge.
create index ix_internal_notes_conversation on internal_notes (conversation_id);
