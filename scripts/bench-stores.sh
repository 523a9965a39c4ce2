# Sourced by the benchmark scripts: a redis-server and a throw-away PostgreSQL 15 of their own on free loopback
# ports (initdb -A trust in a temporary directory, as src/test/java/dev/seatlock/testing/ThrowawayPostgres does),
# exported as REDIS_URL and server.xml's DB_KIND/DB_URL/DB_USER/DB_PASSWORD; and one clean-up for everything the
# script started. The sourcing script sets MVN (the Maven command) and WLP, and adds the Liberty servers it starts
# to SERVERS_STARTED.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
REDIS_PORT=$(free_port)
REDIS_DIR=$(mktemp -d)
PG_PORT=$(free_port)
PG_DIR=$(mktemp -d)
PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
PG_AS=()
if [[ "$(id -u)" == "0" ]]; then
  chown postgres "$PG_DIR"   # initdb refuses to run as root
  PG_AS=(runuser -u postgres --)
fi
SERVERS_STARTED=()

cleanup() {
  for s in "${SERVERS_STARTED[@]}"; do
    "$WLP/bin/server" stop "$s" >/dev/null || true
  done
  redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
  if [[ -f "$PG_DIR/data/postmaster.pid" ]]; then
    "${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null || true
  fi
  rm -rf "$REDIS_DIR" "$PG_DIR"
  # liberty:deploy leaves target/liberty behind, which would leak into a later 'mvn verify'.
  "${MVN[@]}" -q clean || true
}
trap cleanup EXIT

redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
  --dir "$REDIS_DIR" --pidfile "$REDIS_DIR/redis.pid" --logfile "$REDIS_DIR/redis.log"
export REDIS_URL="redis://127.0.0.1:$REDIS_PORT"

"${PG_AS[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" -A trust -U postgres --no-sync >/dev/null
"${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" \
  -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" -w start >/dev/null
"${PG_AS[@]}" "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "CREATE ROLE seatlock LOGIN PASSWORD 'seatlock'"
"${PG_AS[@]}" "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "CREATE DATABASE seatlock OWNER seatlock"
# server.xml's variables db.kind, db.url, db.user, db.password, from the environment of the servers.
export DB_KIND=postgresql DB_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/seatlock" DB_USER=seatlock DB_PASSWORD=seatlock

# Waits until the partner API answers on port $1.
wait_for() {
  for _ in $(seq 1 120); do
    curl -fs -o /dev/null -H 'Authorization: Bearer demo-key-alpha-travel' "http://localhost:$1/api/v1/flights" && return 0
    sleep 1
  done
  echo "server on port $1 did not come up" >&2
  return 1
}
