-- One notification per transfer: recorded (INIT) exactly once by the notifier's inbox transaction, then delivered
-- and marked DONE, so a reader sees which notifications are done.
create table ledger_notification (
    transfer_id uuid        primary key,
    event_type  varchar(32) not null,
    status      varchar(8)  not null,
    created_at  timestamptz not null default now(),
    done_at     timestamptz,
    constraint ledger_notification_status check (status in ('INIT', 'DONE'))
);
create index ledger_notification_init on ledger_notification (created_at) where status = 'INIT';
