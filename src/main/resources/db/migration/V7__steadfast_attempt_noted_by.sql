-- Which process noted the attempt in flight. A note this very process left is not a cut-off attempt (the process is
-- alive: the attempt ended without clearing it, say because the database was down then); only a note left by
-- another process, which may have died during it, is.
alter table steadfast_attempt add column noted_by varchar(36);
