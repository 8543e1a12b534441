-- Labels an agent corrected in the inbox: the latest correction per message, with the text as it
-- was, so `parley train --corrections` can learn from them (exported as CSV by an admin).
create table triage_corrections (
  message_id    bigint primary key references messages (id),
  workspace_id  bigint not null references workspaces (id),
  text          varchar(20000) not null,
  sentiment     varchar(16) not null,
  -- comma-separated intent labels; '' when none applies
  intents       varchar(200) not null,
  corrected_by  bigint not null references users (id),
  corrected_at  timestamp with time zone not null
);
create index ix_triage_corrections_workspace on triage_corrections (workspace_id, corrected_at);

alter table message_triage add column corrected boolean default false not null;
