-- The outbox no longer NOTIFYs from inside the writing transaction: PostgreSQL serialises the commits of every
-- transaction that issued a NOTIFY behind one lock, so each business transaction that wrote a message waited on all
-- the others. The runtime wakes its own relay after the commit instead (Outbox.withTransaction), and sends a NOTIFY
-- of its own, outside the business transaction, only when that instance runs no relay.
drop trigger steadfast_outbox_wake on steadfast_outbox;
drop function steadfast_outbox_notify();
