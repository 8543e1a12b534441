-- A manager may send a reply the etiquette guard blocked (issue 7); the blocks they overrode are
-- kept with the outreach (null for a reply the guard let through). The audit log has who and when.
alter table outreach add column guard_overridden varchar(2000);
