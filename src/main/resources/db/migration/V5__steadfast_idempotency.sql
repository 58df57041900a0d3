-- HTTP Idempotency-Key records: the first response to a key is stored and replayed to every retry of the same
-- request until the key expires.
create table steadfast_idempotency (
    scope            varchar(200) not null,
    idempotency_key  varchar(255) not null,
    fingerprint      varchar(64)  not null,
    status           varchar(16)  not null,
    resource_id      varchar(100) not null,
    response_status  integer,
    response_location varchar(500),
    response_body    text,
    created_at       timestamptz  not null default now(),
    expires_at       timestamptz  not null,
    lease_until      timestamptz  not null,
    primary key (scope, idempotency_key),
    constraint steadfast_idempotency_status check (status in ('IN_FLIGHT', 'COMPLETED'))
);
create index steadfast_idempotency_expiry on steadfast_idempotency (expires_at);
