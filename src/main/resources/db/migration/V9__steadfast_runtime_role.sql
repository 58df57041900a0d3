-- The service's own database role needs no DDL: the schema belongs to the role that runs these migrations, and the
-- service runs as another role with rights to read and change rows only (docs/security.md). Two things need more:
--
-- 1. The inbox's rotation creates and drops partitions. It runs as the schema's owner (security definer) with a
--    fixed search path, so a caller can neither run it against other tables nor plant objects it would pick up.
-- 2. The runtime role's rights: granted by steadfast_grant_runtime(role), here for the role named by the
--    steadfast_runtime_role placeholder when it exists, and again by an operator for a role made later.

do $$
begin
    execute format('alter function steadfast_inbox_rotate(interval) security definer set search_path = %I, pg_temp',
                   current_schema());
end $$;

create function steadfast_grant_runtime(runtime_role name) returns void language plpgsql as $$
begin
    execute format('grant usage on schema %I to %I', current_schema(), runtime_role);
    execute format('grant select, insert, update, delete on all tables in schema %I to %I', current_schema(),
                   runtime_role);
    execute format('grant usage, select on all sequences in schema %I to %I', current_schema(), runtime_role);
    execute format('grant execute on all functions in schema %I to %I', current_schema(), runtime_role);
    -- Tables, sequences and functions of later migrations (made by this same role) are granted as they are made.
    execute format('alter default privileges in schema %I grant select, insert, update, delete on tables to %I',
                   current_schema(), runtime_role);
    execute format('alter default privileges in schema %I grant usage, select on sequences to %I', current_schema(),
                   runtime_role);
    execute format('alter default privileges in schema %I grant execute on functions to %I', current_schema(),
                   runtime_role);
end $$;

do $$
begin
    if exists (select 1 from pg_roles where rolname = '${steadfast_runtime_role}') then
        perform steadfast_grant_runtime('${steadfast_runtime_role}');
    else
        raise notice 'No role ${steadfast_runtime_role}: nothing granted (the service runs as the migrations'' role)';
    end if;
end $$;
