#!/usr/bin/env bash
# Reruns every benchmark of issue 6 and rewrites docs/bench/ (see BENCHMARKS.md). About 10 minutes.
#   1. the lock benchmark (SeatLock vs SET NX PX + DEL vs Redisson) on a redis-server of its own;
#   2. the application under load: a redis-server of its own and two Open Liberty servers on loopback
#      (ports BENCH_HTTP_PORT, default 9380, and BENCH_HTTP_PORT2, default 9381) sharing it; the booking mix
#      on the first server, the last-seat storm over both; then stops everything it started.
#      SECOND_SERVER=0 runs the storm on the first server only.
# Needs redis-server on the PATH (apt-get install -y redis-server). Set MVN_OPTS_EXTRA=-o to stay offline.
# Pass SKIP_APP=1 to run the lock benchmark only.
set -euo pipefail
cd "$(dirname "$0")/.."
MVN=(mvn -B ${MVN_OPTS_EXTRA:-})
HTTP_PORT=${BENCH_HTTP_PORT:-9380}
HTTPS_PORT=${BENCH_HTTPS_PORT:-9743}
HTTP_PORT2=${BENCH_HTTP_PORT2:-9381}
HTTPS_PORT2=${BENCH_HTTPS_PORT2:-9744}
WLP=target/liberty/wlp

"${MVN[@]}" -Pbench -DskipTests test

if [[ "${SKIP_APP:-0}" == "1" ]]; then
  exit 0
fi

REDIS_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
REDIS_DIR=$(mktemp -d)
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
  --dir "$REDIS_DIR" --pidfile "$REDIS_DIR/redis.pid" --logfile "$REDIS_DIR/redis.log"
export REDIS_URL="redis://127.0.0.1:$REDIS_PORT"

cleanup() {
  if [[ -d "$WLP/usr/servers/seatlock2" ]]; then
    "$WLP/bin/server" stop seatlock2 >/dev/null || true
  fi
  "${MVN[@]}" -q liberty:stop || true
  redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
  # liberty:deploy leaves target/liberty behind, which would leak into a later 'mvn verify'.
  "${MVN[@]}" -q clean || true
}
trap cleanup EXIT

"${MVN[@]}" package -DskipTests liberty:create liberty:deploy liberty:start \
  -Dliberty.var.http.port="$HTTP_PORT" -Dliberty.var.https.port="$HTTPS_PORT"
URL2=""
if [[ "${SECOND_SERVER:-1}" == "1" ]]; then
  # A second server from the first one's files, on other ports, sharing the same Redis (REDIS_URL).
  rm -rf "$WLP/usr/servers/seatlock2"
  mkdir -p "$WLP/usr/servers/seatlock2"
  for f in server.xml server.env apps dropins configDropins jdbc lib resources; do
    if [[ -e "$WLP/usr/servers/seatlock/$f" ]]; then
      cp -r "$WLP/usr/servers/seatlock/$f" "$WLP/usr/servers/seatlock2/"
    fi
  done
  sed -i "s/\"$HTTP_PORT\"/\"$HTTP_PORT2\"/; s/\"$HTTPS_PORT\"/\"$HTTPS_PORT2\"/" \
    "$WLP/usr/servers/seatlock2/configDropins/overrides/liberty-plugin-variable-config.xml"
  "$WLP/bin/server" start seatlock2
  URL2="http://localhost:$HTTP_PORT2"
fi

for port in "$HTTP_PORT" ${URL2:+"$HTTP_PORT2"}; do
  for _ in $(seq 1 90); do
    curl -fs -o /dev/null -H 'Authorization: Bearer demo-key-alpha-travel' \
      "http://localhost:$port/api/v1/flights" && break
    sleep 1
  done
done

"${MVN[@]}" -Pbench -DskipTests test -Dbench.lock.skip=true -Dbench.app.skip=false \
  -Dbench.app.url="http://localhost:$HTTP_PORT" -Dbench.app.url2="$URL2" -Dbench.app.redis="$REDIS_URL"
