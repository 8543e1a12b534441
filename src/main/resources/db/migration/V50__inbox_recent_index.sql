-- The inbox views without a status (All, and search within it) list a workspace's conversations
-- newest first; without this index PostgreSQL read and sorted every conversation in scope
-- (docs/adr/0004-inbox-indexes-and-search.md). id breaks ties as the list's order does.
create index ix_conversations_recent on conversations (workspace_id, last_activity_at, id);
