-- Attempts that never report back. A row is now written when an attempt starts (in_flight), and cleared by the
-- attempt's commit or its recorded failure; a row still in flight when the message comes again means the attempt
-- was cut off: the process stopped during it. Such a message runs alone in its process next time (isolated), and
-- only a cut-off isolated attempt is charged to it (crashes): a crash during a shared run may be a neighbour's doing.
alter table steadfast_attempt
    alter column attempts set default 0,
    alter column first_failure_at drop not null,
    alter column last_failure_at drop not null,
    add column first_started_at timestamptz not null default now(),
    add column in_flight        boolean     not null default false,
    add column isolated         boolean     not null default false,
    add column interrupted      integer     not null default 0,
    add column crashes          integer     not null default 0;
