#!/usr/bin/env bash
# Reruns every benchmark of issue 6 and rewrites docs/bench/ (see BENCHMARKS.md). About 10 minutes.
#   1. the lock benchmark (SeatLock vs SET NX PX + DEL vs Redisson) on a redis-server of its own;
#   2. the application under load: a redis-server of its own, one Open Liberty server on loopback
#      (port BENCH_HTTP_PORT, default 9380), the booking mix and the last-seat storm; then stops both.
# Needs redis-server on the PATH (apt-get install -y redis-server). Set MVN_OPTS_EXTRA=-o to stay offline.
# Pass SKIP_APP=1 to run the lock benchmark only.
set -euo pipefail
cd "$(dirname "$0")/.."
MVN=(mvn -B ${MVN_OPTS_EXTRA:-})
HTTP_PORT=${BENCH_HTTP_PORT:-9380}
HTTPS_PORT=${BENCH_HTTPS_PORT:-9743}

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
  "${MVN[@]}" -q liberty:stop || true
  redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
  # liberty:deploy leaves target/liberty behind, which would leak into a later 'mvn verify'.
  "${MVN[@]}" -q clean || true
}
trap cleanup EXIT

"${MVN[@]}" package -DskipTests liberty:create liberty:deploy liberty:start \
  -Dliberty.var.http.port="$HTTP_PORT" -Dliberty.var.https.port="$HTTPS_PORT"
for _ in $(seq 1 60); do
  curl -fs -o /dev/null -H 'Authorization: Bearer demo-key-alpha-travel' \
    "http://localhost:$HTTP_PORT/api/v1/flights" && break
  sleep 1
done

"${MVN[@]}" -Pbench -DskipTests test -Dbench.lock.skip=true -Dbench.app.skip=false \
  -Dbench.app.url="http://localhost:$HTTP_PORT" -Dbench.app.redis="$REDIS_URL"
