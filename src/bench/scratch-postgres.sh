#!/usr/bin/env bash
# A scratch PostgreSQL cluster for the ledger benchmark, with pg_stat_statements loaded (the machine's own cluster is
# not restarted for it): the benchmark then also counts each contender's statements per transfer.
#
#   src/bench/scratch-postgres.sh start [port]     # initdb (first time) and start; default port 5499
#   STEADFAST_TEST_PG_PORT=5499 ./mvnw verify -Pbench -Dit.test=LedgerBenchmarkRun ...
#   src/bench/scratch-postgres.sh stop
#
# initdb's defaults (as the machine's cluster: 128 MB shared buffers, 100 connections, synchronous commit), trust
# authentication on 127.0.0.1 only, data under target/bench-postgres. PostgreSQL refuses to run as root: as root, the
# cluster runs as the postgres user.
set -euo pipefail

cd "$(dirname "$0")/../.."
data="$PWD/target/bench-postgres"
port="${2:-5499}"
bin="$(pg_config --bindir 2>/dev/null || ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"

as_owner() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

case "${1:-}" in
  start)
    mkdir -p "$data"
    if [ "$(id -u)" = 0 ]; then
      chown postgres "$data"
    fi
    if [ ! -f "$data/PG_VERSION" ]; then
      as_owner "$bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --no-sync > "$data.initdb.log"
    fi
    as_owner "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w start -o \
      "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$data -c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track_utility=on"
    echo "scratch PostgreSQL on 127.0.0.1:$port (STEADFAST_TEST_PG_PORT=$port)"
    ;;
  stop)
    as_owner "$bin/pg_ctl" -D "$data" -m fast -w stop
    ;;
  *)
    echo "usage: $0 start [port] | stop" >&2
    exit 2
    ;;
esac
