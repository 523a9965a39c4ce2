#!/usr/bin/env bash
# Reruns every benchmark of issue 6 and rewrites docs/bench/ (see BENCHMARKS.md). About 10 minutes.
#   1. the lock benchmark (SeatLock vs SET NX PX + DEL vs Redisson) on a redis-server of its own
#      (SKIP_LOCK=1 skips it and keeps the last lock figures);
#   2. the application under load: a redis-server and a throw-away PostgreSQL of its own (initdb in a temporary
#      directory, free loopback ports) and two Open Liberty servers on loopback (ports BENCH_HTTP_PORT, default
#      9380, and BENCH_HTTP_PORT2, default 9381) sharing both. Both servers run the *bench WAR*: the built WAR
#      plus the test-scope classes dev.seatlock.api.BenchUnlockedHoldsResource and
#      dev.seatlock.domain.hold.BenchUnlockedSeatHolder (/api/bench/unlocked-holds: a hold without the lock), put in
#      dropins instead of the plain WAR; target/seatlock.war itself is never changed. The driver runs locked vs
#      unlocked holds (alternating rounds), the booking mix on one server vs round robin on both (alternating
#      rounds), and the last-seat storm over both; then everything it started is stopped and 'mvn clean' runs.
#      SECOND_SERVER=0 runs with the first server only (no 1-vs-2 comparison).
# Needs redis-server on the PATH (apt-get install -y redis-server) and PostgreSQL's initdb/pg_ctl (PG_BIN, default
# the newest /usr/lib/postgresql/*/bin). Set MVN_OPTS_EXTRA=-o to stay offline.
# Pass SKIP_APP=1 to run the lock benchmark only.
set -euo pipefail
cd "$(dirname "$0")/.."
MVN=(mvn -B ${MVN_OPTS_EXTRA:-})
HTTP_PORT=${BENCH_HTTP_PORT:-9380}
HTTPS_PORT=${BENCH_HTTPS_PORT:-9743}
HTTP_PORT2=${BENCH_HTTP_PORT2:-9381}
HTTPS_PORT2=${BENCH_HTTPS_PORT2:-9744}
WLP=target/liberty/wlp

if [[ "${SKIP_LOCK:-0}" != "1" ]]; then
  "${MVN[@]}" -Pbench -DskipTests test
fi

if [[ "${SKIP_APP:-0}" == "1" ]]; then
  exit 0
fi

source scripts/bench-stores.sh

# The server layout (features, JDBC drivers, ports) from the plugin; the bench classes come from test-compile.
"${MVN[@]}" package test-compile -DskipTests liberty:create liberty:deploy \
  -Dliberty.var.http.port="$HTTP_PORT" -Dliberty.var.https.port="$HTTPS_PORT"

# The bench WAR: a copy of the built WAR plus the two test-scope bench classes. Never the production WAR.
BENCH_STAGE=target/bench-war
rm -rf "$BENCH_STAGE" && mkdir -p "$BENCH_STAGE/WEB-INF/classes/dev/seatlock/api" "$BENCH_STAGE/WEB-INF/classes/dev/seatlock/domain/hold"
cp target/test-classes/dev/seatlock/api/BenchUnlocked*.class "$BENCH_STAGE/WEB-INF/classes/dev/seatlock/api/"
cp target/test-classes/dev/seatlock/domain/hold/BenchUnlocked*.class "$BENCH_STAGE/WEB-INF/classes/dev/seatlock/domain/hold/"
cp target/seatlock.war target/seatlock-bench.war
jar uf target/seatlock-bench.war -C "$BENCH_STAGE" WEB-INF
# Deploy it to dropins instead of the plain WAR that liberty:deploy configured.
S1="$WLP/usr/servers/seatlock"
rm -rf "$S1/apps/"* "$S1/dropins/"*
rm -f "$S1/configDropins/defaults/install_apps_configuration"*.xml
mkdir -p "$S1/dropins"
cp target/seatlock-bench.war "$S1/dropins/seatlock.war"

"$WLP/bin/server" start seatlock
SERVERS_STARTED+=(seatlock)
wait_for "$HTTP_PORT"   # the first server creates the schema and the demo flights before the second starts
URL2=""
if [[ "${SECOND_SERVER:-1}" == "1" ]]; then
  # A second server from the first one's files, on other ports, sharing the same Redis and PostgreSQL.
  rm -rf "$WLP/usr/servers/seatlock2"
  mkdir -p "$WLP/usr/servers/seatlock2"
  for f in server.xml server.env bootstrap.properties jvm.options apps dropins configDropins jdbc lib resources; do
    if [[ -e "$S1/$f" ]]; then
      cp -r "$S1/$f" "$WLP/usr/servers/seatlock2/"
    fi
  done
  sed -i "s/\"$HTTP_PORT\"/\"$HTTP_PORT2\"/; s/\"$HTTPS_PORT\"/\"$HTTPS_PORT2\"/" \
    "$WLP/usr/servers/seatlock2/configDropins/overrides/liberty-plugin-variable-config.xml"
  "$WLP/bin/server" start seatlock2
  SERVERS_STARTED+=(seatlock2)
  wait_for "$HTTP_PORT2"
  URL2="http://localhost:$HTTP_PORT2"
fi
curl -fs -o /dev/null -w 'unlocked endpoint answers %{http_code}\n' -X DELETE \
  -H 'Authorization: Bearer demo-key-alpha-travel' "http://localhost:$HTTP_PORT/api/bench/unlocked-holds/AAAAAAAAAAAAAAAAAAAAAA" || true

echo "load average before the load driver: $(cut -d' ' -f1-3 /proc/loadavg)"
"${MVN[@]}" -Pbench -DskipTests test -Dbench.lock.skip=true -Dbench.app.skip=false -Dbench.app.unlocked=true \
  -Dbench.app.url="http://localhost:$HTTP_PORT" -Dbench.app.url2="$URL2" -Dbench.app.redis="$REDIS_URL"
echo "load average after the load driver: $(cut -d' ' -f1-3 /proc/loadavg)"
