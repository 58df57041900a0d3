-- The claim's check of the older generations runs inside a PL/pgSQL function, whose statements PostgreSQL prepares
-- once per connection and, after five calls, may replace by a generic plan kept for as long as the connection and
-- the table's statistics last. Costed while a partition's statistics said empty (a young deployment, a new
-- generation), that plan is a sequential scan, and it stays one as the partition grows until autovacuum analyses it
-- again: every claim of a new message then reads the whole partition (0.45 ms at 500,000 rows against 0.03 ms for
-- the primary-key probe). Planned for each call instead, with the partition's actual size, the check is always the
-- probe; planning it costs a few microseconds. InboxPlansTest shows the plan after growth.
alter function steadfast_inbox_claim_generation(varchar, varchar) set plan_cache_mode = force_custom_plan;
