-- More of what a routing rule can check and do: the author's contact tag (e.g. 'vip'), a saved
-- reply to suggest in the reply box, and a person to notify.
alter table routing_rules add column contact_tag varchar(64);
alter table routing_rules add column suggest_reply_id bigint references saved_replies (id) on delete set null;
alter table routing_rules add column notify_user_id bigint references users (id);

-- The saved reply the first matching rule suggested for the conversation (the reply box offers it).
alter table conversations add column suggested_reply_id bigint references saved_replies (id) on delete set null;
