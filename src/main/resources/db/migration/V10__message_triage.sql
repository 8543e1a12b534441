-- Triage of inbound messages (module triage): one row per message, written once by the
-- MessageReceived listener. Intents are stored as their scores plus the list found (strongest
-- first, comma separated) so the inbox can filter without parsing.
create table message_triage (
  message_id             bigint primary key references messages (id),
  workspace_id           bigint not null references workspaces (id),
  conversation_id        bigint not null references conversations (id),
  language               varchar(16) not null,
  language_confidence    double precision not null,
  sentiment              varchar(16) not null,
  sentiment_score        double precision not null,
  lexicon_compound       double precision not null,
  intents                varchar(200) not null,
  complaint_score        double precision not null,
  question_score         double precision not null,
  praise_score           double precision not null,
  purchase_intent_score  double precision not null,
  spam_score             double precision not null,
  urgency                integer not null,
  triaged_at             timestamp with time zone not null
);
create index ix_message_triage_conversation on message_triage (conversation_id, message_id);
create index ix_message_triage_workspace on message_triage (workspace_id, urgency);
