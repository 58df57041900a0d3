-- Outgoing messages, written in the business transaction and published by the relay after commit.
create sequence steadfast_outbox_seq;

create table steadfast_outbox (
    id            uuid          primary key,
    seq           bigint        not null,
    address       varchar(500)  not null,
    partition_key varchar(255),
    body          bytea         not null,
    content_type  varchar(200),
    headers       text          not null,
    created_at    timestamptz   not null default now(),
    published_at  timestamptz
);
create index steadfast_outbox_pending on steadfast_outbox (seq) where published_at is null;
create index steadfast_outbox_pending_key on steadfast_outbox (partition_key, seq) where published_at is null;
create index steadfast_outbox_published on steadfast_outbox (published_at) where published_at is not null;

-- Per-key commit order: a writer of a key holds a transaction-scoped lock on it, and takes its sequence number
-- only once it holds the lock, so for one key a higher seq always commits later. The relay publishes a key's rows
-- in seq order, one head at a time.
create function steadfast_outbox_before_insert() returns trigger language plpgsql as $$
begin
    if new.partition_key is not null then
        perform pg_advisory_xact_lock(hashtextextended('steadfast_outbox:' || new.partition_key, 0));
    end if;
    new.seq := nextval('steadfast_outbox_seq');
    return new;
end $$;

create trigger steadfast_outbox_order before insert on steadfast_outbox
    for each row execute function steadfast_outbox_before_insert();

-- Wakes the relay when the writing transaction commits (NOTIFY is delivered at commit, folded per transaction).
create function steadfast_outbox_notify() returns trigger language plpgsql as $$
begin
    perform pg_notify('steadfast_outbox', '');
    return null;
end $$;

create trigger steadfast_outbox_wake after insert on steadfast_outbox
    for each statement execute function steadfast_outbox_notify();
