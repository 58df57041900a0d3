-- Test-only: one row per successful run of the scripted handler; the primary key catches a second run.
create table test_effect (
    consumer   varchar(200) not null,
    message_id varchar(255) not null,
    applied_at timestamptz  not null default now(),
    primary key (consumer, message_id)
);
