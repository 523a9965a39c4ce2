#!/usr/bin/env bash
# Two builds of SeatLock side by side, in one run (BENCHMARKS.md "Two builds compared"): build A's WAR on one
# Open Liberty server, build B's on a second, one redis-server and one throw-away PostgreSQL shared by both
# (free loopback ports), and dev.seatlock.bench.AppLoadDriver alternating rounds of holds and of the booking mix
# between them. Writes docs/bench/app-builds.md (BENCH_OUT to change). About 3 minutes.
#   scripts/compare-builds.sh A.war NAME_A B.war NAME_B
# Build a WAR of another commit with:  git worktree add /tmp/seatlock-X <ref> && (cd /tmp/seatlock-X && mvn -q -DskipTests package)
# The server layout (features, JDBC drivers) is this tree's; both builds must run on it.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ $# -ne 4 ]]; then
  echo "usage: $0 A.war NAME_A B.war NAME_B" >&2
  exit 2
fi
WAR_A=$(realpath "$1"); NAME_A=$2; WAR_B=$(realpath "$3"); NAME_B=$4
MVN=(mvn -B ${MVN_OPTS_EXTRA:-})
HTTP_A=${BENCH_HTTP_PORT:-9380}; HTTPS_A=$((HTTP_A + 363))
HTTP_B=${BENCH_HTTP_PORT2:-9381}; HTTPS_B=$((HTTP_B + 363))
WLP=target/liberty/wlp
source scripts/bench-stores.sh

"${MVN[@]}" -q package test-compile -DskipTests liberty:create liberty:deploy \
  -Dliberty.var.http.port="$HTTP_A" -Dliberty.var.https.port="$HTTPS_A"
# One server per build, each from the plugin's layout with the build's WAR in dropins.
S1="$WLP/usr/servers/seatlock"
for side in A B; do
  name="bench-$side"; war=WAR_$side; http=HTTP_$side; https=HTTPS_$side
  dir="$WLP/usr/servers/$name"
  rm -rf "$dir" && mkdir -p "$dir"
  for f in server.xml server.env bootstrap.properties jvm.options configDropins jdbc lib resources; do
    [[ -e "$S1/$f" ]] && cp -r "$S1/$f" "$dir/"
  done
  rm -f "$dir/configDropins/defaults/install_apps_configuration"*.xml
  sed -i "s/\"$HTTP_A\"/\"${!http}\"/; s/\"$HTTPS_A\"/\"${!https}\"/" "$dir/configDropins/overrides/liberty-plugin-variable-config.xml"
  mkdir -p "$dir/dropins" && cp "${!war}" "$dir/dropins/seatlock.war"
  "$WLP/bin/server" start "$name" >/dev/null
  SERVERS_STARTED+=("$name")
  wait_for "${!http}"   # A creates the schema and the demo flights before B starts
done
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
"${MVN[@]}" -Pbench -DskipTests test -Dbench.lock.skip=true -Dbench.app.skip=false \
  -Dbench.app.url="http://localhost:$HTTP_A" -Dbench.app.url2="http://localhost:$HTTP_B" \
  -Dbench.app.builds="$NAME_A,$NAME_B" -Dbench.app.redis="$REDIS_URL" -Dbench.out="${BENCH_OUT:-$PWD/docs/bench}"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
