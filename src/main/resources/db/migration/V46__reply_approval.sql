-- Risk-based approval: replies on conversations a routing rule flagged (approval_required) wait for
-- a manager. Kept on the conversation too, so the "Needs approval" view is an indexed filter.
alter table conversations add column awaiting_approval boolean default false not null;
create index ix_conversations_approval on conversations (workspace_id, awaiting_approval);
-- room for AWAITING_APPROVAL (same syntax on H2 and PostgreSQL)
alter table messages alter column delivery_state set data type varchar(32);
