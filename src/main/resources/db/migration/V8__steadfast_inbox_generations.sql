-- The inbox in generations: one partition per generation, a new generation once the current one is as old as the
-- retention, and a generation's partition dropped once its newest row is older than the retention. Old rows leave
-- by dropping a partition, never by a mass delete (no dead tuples, no vacuum debt, no long-running delete).
create table steadfast_inbox_generation (
    generation bigint      primary key,
    started_at timestamptz not null default now()
);
insert into steadfast_inbox_generation (generation) values (1);

alter table steadfast_inbox rename to steadfast_inbox_unpartitioned;

-- A message is unique per generation through the primary key (the partition's own index, the only index a claim
-- writes to); across generations, steadfast_inbox_claim checks the older ones first.
create table steadfast_inbox (
    consumer     varchar(200) not null,
    message_id   varchar(255) not null,
    generation   bigint       not null,
    processed_at timestamptz  not null default now(),
    primary key (consumer, message_id, generation)
) partition by list (generation);
create table steadfast_inbox_g1 partition of steadfast_inbox for values in (1);

insert into steadfast_inbox (consumer, message_id, generation, processed_at)
select consumer, message_id, 1, processed_at from steadfast_inbox_unpartitioned;
drop table steadfast_inbox_unpartitioned;

-- Where a claim of a message goes: the current generation, or no row when an older generation still kept holds
-- the message. The caller inserts into that generation (insert ... select ... on conflict do nothing), so that within
-- the current generation the primary key decides, as with an unpartitioned inbox. Two claims of one message are
-- serialised by a transaction-scoped advisory lock, so the check of the older generations (each statement of a
-- volatile function sees what committed before it started) cannot miss a claim that committed in the previous
-- generation while this one waited.
create function steadfast_inbox_claim_generation(claim_consumer varchar, claim_message_id varchar)
    returns setof bigint language plpgsql volatile as $$
declare
    current_generation bigint;
begin
    perform pg_advisory_xact_lock(hashtextextended('steadfast_inbox:' || claim_consumer || '/' || claim_message_id,
        0));
    select max(generation) into current_generation from steadfast_inbox_generation;
    if not exists (select 1 from steadfast_inbox
                   where consumer = claim_consumer and message_id = claim_message_id
                     and generation < current_generation) then
        return next current_generation;
    end if;
end $$;

-- Starts a new generation when the current one is as old as the retention, and drops the partitions of the
-- generations whose newest row is older than the retention (a generation's rows are at most as new as the start of
-- the next). Returns what it did, one line per action. Instances may call it at the same time: the first one does
-- the work. Dropping a partition locks the whole inbox for an instant, after the claims in flight: it gives up
-- after 2 s (lock_timeout; tried again at the next call) rather than hold up new claims behind a long transaction,
-- and a new generation starts all the same.
create function steadfast_inbox_rotate(retention interval) returns setof text
    language plpgsql volatile as $$
declare
    current_generation bigint;
    current_started timestamptz;
    partition_name text;
    expired record;
begin
    if not pg_try_advisory_xact_lock(hashtextextended('steadfast_inbox_rotate', 0)) then
        return;
    end if;
    perform set_config('lock_timeout', '2s', true);
    select generation, started_at into current_generation, current_started
    from steadfast_inbox_generation order by generation desc limit 1;
    if current_started <= now() - retention then
        current_generation := current_generation + 1;
        -- Created, then attached: attaching locks the inbox only against other schema changes, so claims go on;
        -- "create table ... partition of" would wait for every claim in flight and hold up new ones meanwhile.
        partition_name := 'steadfast_inbox_g' || current_generation;
        execute format('create table %I (like steadfast_inbox including defaults)', partition_name);
        execute format('alter table %I add primary key (consumer, message_id, generation)', partition_name);
        execute format('alter table steadfast_inbox attach partition %I for values in (%s)', partition_name,
                       current_generation);
        insert into steadfast_inbox_generation (generation) values (current_generation);
        return next 'started generation ' || current_generation;
    end if;
    for expired in
        select g.generation from steadfast_inbox_generation g
        join steadfast_inbox_generation successor on successor.generation = g.generation + 1
        where successor.started_at <= now() - retention
    loop
        begin
            execute format('drop table if exists %I', 'steadfast_inbox_g' || expired.generation);
            delete from steadfast_inbox_generation where generation = expired.generation;
            return next 'dropped generation ' || expired.generation;
        exception when lock_not_available then
            return next 'postponed dropping generation ' || expired.generation || ': a transaction holds the inbox';
        end;
    end loop;
end $$;
