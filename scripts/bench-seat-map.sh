#!/usr/bin/env bash
# Live seat maps, poll against events (BENCHMARKS.md "Issue 11: seat maps"). For each of two builds in turn:
# four Open Liberty servers on one redis-server and one throw-away PostgreSQL (scripts/bench-stores.sh), 100
# extra flights, then
#   idle load: seat maps opened (GET seat-map.xhtml, which watches the flight for 30 min) on 1, 2, 4 servers
#   for 10 flights, then on 4 servers for 100 flights; each step measured for BENCH_IDLE_SECONDS (20) with
#   nothing else happening: Redis commands/s (INFO stats total_commands_processed) and PostgreSQL
#   transactions/s (pg_stat_database xact_commit + xact_rollback of the seatlock database);
#   latency: a hold through the partner API on server 1 until the websocket message on a seat map open on
#   server 2 (scripts/SeatMapProbe.java), BENCH_ROUNDS (40) holds, p50/p99.
#   scripts/bench-seat-map.sh A.war NAME_A B.war NAME_B
set -euo pipefail
cd "$(dirname "$0")/.."
[[ $# -eq 4 ]] || { echo "usage: $0 A.war NAME_A B.war NAME_B" >&2; exit 2; }
WARS=("$(realpath "$1")" "$(realpath "$3")"); NAMES=("$2" "$4")
MVN=(mvn -B ${MVN_OPTS_EXTRA:-})
WLP=target/liberty/wlp
IDLE=${BENCH_IDLE_SECONDS:-20}; ROUNDS=${BENCH_ROUNDS:-40}
PORTS=(9380 9381 9382 9383)
source scripts/bench-stores.sh
"${MVN[@]}" -q package -DskipTests -Drunnable.jar.skip=true liberty:create liberty:deploy \
  -Dliberty.var.http.port="${PORTS[0]}" -Dliberty.var.https.port=$((PORTS[0] + 363))
S1="$WLP/usr/servers/seatlock"
psql_() { "${PG_AS[@]}" "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d seatlock -qtAc "$1"; }
redis_commands() { redis-cli -p "$REDIS_PORT" info stats | tr -d '\r' | awk -F: '/^total_commands_processed/{print $2}'; }
sql_transactions() { psql_ "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = 'seatlock'"; }
measure() { # label
  local r0 s0 r1 s1; r0=$(redis_commands); s0=$(sql_transactions); sleep "$IDLE"; r1=$(redis_commands); s1=$(sql_transactions)
  printf '| %s | %s | %.1f | %.1f |\n' "$BUILD" "$1" "$(echo "($r1 - $r0) / $IDLE" | bc -l)" "$(echo "($s1 - $s0) / $IDLE" | bc -l)" | tee -a "$OUT"
}
open_maps() { # server-index first-flight-index count
  local port=${PORTS[$1]}
  for ((i = $2; i < $2 + $3; i++)); do curl -s -o /dev/null "http://localhost:$port/seat-map.xhtml?flight=$(flight "$i")"; done
}
flight() { if (( $1 == 0 )); then echo SL404; else printf 'BX%03d' "$1"; fi; }
OUT=$(mktemp); echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for b in 0 1; do
  BUILD=${NAMES[$b]}
  redis-cli -p "$REDIS_PORT" flushall >/dev/null
  psql_ "DROP SCHEMA public CASCADE; CREATE SCHEMA public AUTHORIZATION seatlock" >/dev/null
  for s in 0 1 2 3; do
    name="bench-map-$s"; dir="$WLP/usr/servers/$name"
    rm -rf "$dir" && mkdir -p "$dir"
    for f in server.xml server.env bootstrap.properties jvm.options configDropins jdbc lib resources; do
      [[ -e "$S1/$f" ]] && cp -r "$S1/$f" "$dir/"
    done
    rm -f "$dir/configDropins/defaults/install_apps_configuration"*.xml
    sed -i "s/\"${PORTS[0]}\"/\"${PORTS[$s]}\"/; s/\"$((PORTS[0] + 363))\"/\"$((PORTS[s] + 363))\"/" "$dir/configDropins/overrides/liberty-plugin-variable-config.xml"
    mkdir -p "$dir/dropins" && cp "${WARS[$b]}" "$dir/dropins/seatlock.war"
    "$WLP/bin/server" start "$name" >/dev/null
    SERVERS_STARTED+=("$name")
    wait_for "${PORTS[$s]}"
    if (( s == 0 )); then  # the first server created the schema and the demo flights: 100 more like SL404
      cols=$(psql_ "SELECT string_agg(column_name, ',') FROM information_schema.columns WHERE table_name = 'flight' AND column_name <> 'id'")
      psql_ "INSERT INTO flight (id, $cols) SELECT 'BX' || lpad(g::text, 3, '0'), $cols FROM flight, generate_series(1, 100) g WHERE id = 'SL404'"
    fi
  done
  sleep 5
  open_maps 0 0 10; measure "1 server, 10 flights"
  open_maps 1 0 10; measure "2 servers, 10 flights"
  open_maps 2 0 10; open_maps 3 0 10; measure "4 servers, 10 flights"
  for s in 0 1 2 3; do open_maps "$s" 10 90; done; measure "4 servers, 100 flights"
  echo "| $BUILD | latency, hold on server 1 → websocket on server 2 | $(java scripts/SeatMapProbe.java "http://localhost:${PORTS[1]}" "http://localhost:${PORTS[0]}" demo-key-alpha-travel SL404 "$ROUNDS") | |" | tee -a "$OUT"
  for s in 0 1 2 3; do "$WLP/bin/server" stop "bench-map-$s" >/dev/null; done
  SERVERS_STARTED=()
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo; echo "| build | step | Redis commands/s | SQL transactions/s |"; echo "|---|---|---|---|"; cat "$OUT"
