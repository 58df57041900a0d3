-- Sagas (process managers): one row per saga, its state as JSON, guarded by a version for optimistic concurrency.
create table steadfast_saga (
    id uuid primary key,
    type varchar(100) not null,
    status varchar(20) not null check (status in ('RUNNING', 'COMPLETED', 'NEEDS_ATTENTION')),
    state jsonb not null,
    version integer not null,
    reason text,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);
create index steadfast_saga_open on steadfast_saga (type, status) where status <> 'COMPLETED';

-- A step's timeout: fired once, in the transaction that advances the saga, by whichever instance takes the row.
create table steadfast_saga_deadline (
    saga_id uuid not null references steadfast_saga (id) on delete cascade,
    name varchar(100) not null,
    due_at timestamptz not null,
    primary key (saga_id, name)
);
create index steadfast_saga_deadline_due on steadfast_saga_deadline (due_at);

-- What happened to a saga, in order: the answer to "why is this trip cancelled?".
create table steadfast_saga_history (
    id bigserial primary key,
    saga_id uuid not null references steadfast_saga (id) on delete cascade,
    at timestamptz not null default clock_timestamp(),
    entry text not null
);
create index steadfast_saga_history_saga on steadfast_saga_history (saga_id, id);

-- The trip-booking scenario's participants, each with its own tables as if it were a separate service.
create table trip_car_inventory (item varchar(100) primary key, available integer not null check (available >= 0));
create table trip_hotel_inventory (item varchar(100) primary key, available integer not null check (available >= 0));
create table trip_flight_inventory (item varchar(100) primary key, available integer not null check (available >= 0));

-- One row per trip a participant heard of: RESERVED (holds one unit), REFUSED, or CANCELLED (unit returned, or a
-- cancellation that arrived first, so that a late request never reserves).
create table trip_car_reservation (
    trip_id uuid primary key,
    item varchar(100) not null,
    status varchar(20) not null check (status in ('RESERVED', 'REFUSED', 'CANCELLED')),
    reason text,
    updated_at timestamptz not null default now()
);
create table trip_hotel_reservation (like trip_car_reservation including all);
create table trip_flight_reservation (like trip_car_reservation including all);

insert into trip_car_inventory values ('compact', 50), ('van', 10);
insert into trip_hotel_inventory values ('harbour-view', 50), ('old-town', 10);
insert into trip_flight_inventory values ('SF-101', 50), ('SF-202', 10);
