#!/usr/bin/env bash
# Smoke test of the runtime image, run by `./mvnw verify` (jlink module, verify phase).
# Usage: smoke.sh IMAGE JDK BUILD_DIR
#   starts bin/ppacer run in a fresh temp dir on a free port, waits for /health, triggers hello_world
#   with --wait, reads a task log, checks that an unknown --db fails at once with the store list,
#   stops the server with SIGTERM; runs the README's DAG recipe (readme-recipe.sh: a user DAG module
#   compiled with bin/ppacer-dag, linked into a second image, tested and served); runs the
#   image on PostgreSQL and MariaDB when they are up (bin/dev-services; required with CI=true).
set -euo pipefail
image=$1 jdk=$2 build=$3
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/ppacer-smoke.XXXXXX")
export PPACER_CACHE_DIR=$work/cache
unset PPACER_DB PPACER_PORT PPACER_HOST PPACER_TOKEN PPACER_SCHEDULER PPACER_CONFIG
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill -KILL "$p" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

fail() { echo "SMOKE FAILED: $*" >&2; for f in "$work"/*.log; do echo "--- $f" >&2; cat "$f" >&2; done; exit 1; }
step() { echo "smoke: $*"; }

# GET with bash only (no curl needed): prints the status line
http_status() {
    local host=$1 port=$2 path=$3
    exec 3<>"/dev/tcp/$host/$port" || return 1
    printf 'GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n' "$path" "$host" >&3
    head -1 <&3
    exec 3>&-
}

# start_server NAME IMAGE ARGS...: starts bin/ppacer run on a free port in $work, sets $url and $pid
start_server() {
    local name=$1 img=$2; shift 2
    (cd "$work" && exec "$img/bin/ppacer" run --port 0 "$@") > "$work/$name.log" 2>&1 &
    pid=$!
    pids+=("$pid")
    local start=$SECONDS
    until grep -q "^ppacer run on http://" "$work/$name.log"; do
        kill -0 "$pid" 2>/dev/null || fail "$name exited before serving"
        (( SECONDS - start < 90 )) || fail "$name not serving after 90 s"
        sleep 0.05
    done
    url=$(sed -n 's|^ppacer run on \(http://[^:]*:[0-9]*\):.*|\1|p' "$work/$name.log")
    local port=${url##*:}
    until http_status 127.0.0.1 "$port" /health 2>/dev/null | grep -q " 200"; do
        (( SECONDS - start < 90 )) || fail "$name: /health not 200 after 90 s"
        sleep 0.05
    done
    step "$name serving on $url after $((SECONDS - start)) s"
}

stop_server() {
    local name=$1
    kill -TERM "$pid"
    local rc=0
    wait "$pid" || rc=$?
    [[ $rc == 143 ]] || fail "$name: exit code $rc after SIGTERM, expected 143"
    grep -q "^ppacer stopped" "$work/$name.log" || fail "$name did not stop gracefully"
    step "$name stopped by SIGTERM (exit 143, graceful)"
}

touch "$work/marker"

# 1. the image: run, trigger --wait, logs
start_server run "$image"
out=$("$image/bin/ppacer" trigger hello_world --wait --scheduler "$url") || fail "trigger --wait exit $?: $out"
grep -q "Run [0-9]* of hello_world: SUCCESS" <<< "$out" || fail "no SUCCESS: $out"
run=$(sed -n 's/^Triggered hello_world: run \([0-9]*\).*/\1/p' <<< "$out")
step "hello_world run $run: SUCCESS"
logs=$("$image/bin/ppacer" logs "$run" start --scheduler "$url") || fail "logs exit $?: $logs"
grep -q "Hello, world! Starting the run" <<< "$logs" || fail "log line missing: $logs"
step "logs $run start: $(tail -1 <<< "$logs")"

# 1b. the README's tour, step 1, as written, with ./ppacer being this image's launcher (PPACER_SCHEDULER
#     points it at the server); every line must exit 0, the flaky line must print "exit 1"
mkdir -p "$work/tour"
ln -s "$image/bin/ppacer" "$work/tour/ppacer"
{
    echo "cd '$work/tour'"
    awk 'index($0, "**1. Run it and look around.**") { on = 1 } on && /^```bash$/ { inside = 1; next }
         inside && /^```$/ { exit } inside' "$here/../../../README.md" > "$work/tour.lines"
    n=0
    while IFS= read -r line; do
        n=$((n + 1))
        printf '%s\n' "$line"
        printf 'rc=$?; [ $rc = 0 ] || { echo "tour line %d exit $rc" >&2; exit 1; }\n' "$n"
    done < "$work/tour.lines"
} > "$work/tour.sh"
out=$(PPACER_SCHEDULER=$url bash "$work/tour.sh" 2> "$work/tour.log") \
    || fail "the README tour: $(tail -3 "$work/tour.log"); its lines: $(cat -n "$work/tour.lines"); output: $out"
grep -q "^exit 1$" <<< "$out" || fail "the tour's flaky line did not print 'exit 1': $out"
grep -q "^Run [0-9]* of flaky: SUCCESS" <<< "$out" || fail "the tour's restart --wait did not succeed: $out"
step "README tour: $(grep -c 'rc=' "$work/tour.sh") lines as written, exit codes as announced"

# 2. an unknown store fails at once, listing the stores
rc=0
err=$(cd "$work" && "$image/bin/ppacer" run --db jdbc:nosuch:x --port 0 2>&1 >/dev/null) || rc=$?
[[ $rc == 2 ]] || fail "--db jdbc:nosuch:x: exit $rc, expected 2: $err"
grep -q "No store supports 'jdbc:nosuch:x'; found \[.*sqlite (ppacer.store.sqlite)" <<< "$err" || fail "message: $err"
step "--db jdbc:nosuch:x: exit 2, $err"

stop_server run

# 2b. AOT caches: no AOT line ever reaches the terminal; two overlapping first runs each record their own
#     configuration; a later launch assembles the cache in the background and renames it into place
aot_noise="AOTConfiguration|AOT cache|AOTCache|Launching child process|JAVA_TOOL_OPTIONS|initialization of VM"
! grep -Eq "$aot_noise" "$work/run.log" || fail "AOT lines on the terminal of the first run: $(grep -E "$aot_noise" "$work/run.log")"
export PPACER_CACHE_DIR=$work/cache-overlap
start_server first "$image" --db "jdbc:sqlite:$work/first.db"
first_pid=$pid
start_server second "$image" --db "jdbc:sqlite:$work/second.db"
stop_server second
pid=$first_pid
stop_server first
for f in first second; do
    ! grep -Eq "$aot_noise" "$work/$f.log" || fail "$f: AOT lines on the terminal: $(grep -E "$aot_noise" "$work/$f.log")"
done
"$image/bin/ppacer" executor --help > "$work/assemble.log" 2>&1 || fail "executor --help: $(cat "$work/assemble.log")"
start=$SECONDS
until compgen -G "$PPACER_CACHE_DIR/ppacer-node-*.aot" > /dev/null; do
    (( SECONDS - start < 120 )) || fail "no AOT cache assembled after 120 s: $(ls -la "$PPACER_CACHE_DIR"; cat "$PPACER_CACHE_DIR"/*.log)"
    sleep 0.2
done
start_server cached "$image" --db "jdbc:sqlite:$work/cached.db"
stop_server cached
! grep -Eq "$aot_noise" "$work/cached.log" || fail "cached: AOT lines: $(grep -E "$aot_noise" "$work/cached.log")"
step "AOT: two overlapping first runs, cache assembled in the background, used quietly"
# client commands: the JDK's CDS archive is in the image, and they record and then use a cache of their own
[[ -f $image/lib/server/classes.jsa ]] || fail "no default CDS archive in the image (lib/server/classes.jsa)"
for i in 1 2; do "$image/bin/ppacer" --version > "$work/client-$i.log" 2>&1 || fail "--version: $(cat "$work/client-$i.log")"; done
start=$SECONDS
until compgen -G "$PPACER_CACHE_DIR/ppacer-client-*.aot" > /dev/null; do
    (( SECONDS - start < 120 )) || fail "no client AOT cache after 120 s: $(ls -la "$PPACER_CACHE_DIR")"
    sleep 0.2
done
out=$("$image/bin/ppacer" --version 2>&1) || fail "--version with the client cache: $out"
[[ $(wc -l <<< "$out") == 1 ]] || fail "--version with the client cache, expected one line: $out"
step "client commands: CDS archive in the image, client AOT cache recorded and used: $out"
# a failed start (the port is taken) is one line, without AOT lines
start_server holder "$image" --db "jdbc:sqlite:$work/holder.db"
rc=0
err=$(cd "$work" && "$image/bin/ppacer" run --port "${url##*:}" --db "jdbc:sqlite:$work/taken.db" 2>&1) || rc=$?
stop_server holder
[[ $rc == 2 ]] || fail "run on a taken port: exit $rc, expected 2: $err"
[[ $(wc -l <<< "$err") == 1 && $err == "ppacer run: Port ${url##*:} on 127.0.0.1 is in use; pick another with --port" ]] \
    || fail "run on a taken port, expected one line: $err"
step "taken port: exit 2, $err"
export PPACER_CACHE_DIR=$work/cache

# 3. read-only install: nothing was written into the image
written=$(find "$image" -newer "$work/marker" -print -quit)
[[ -z $written ]] || fail "the image was written to: $written"
step "image untouched (read-only install works)"

# 3b. alerts from the image: flaky's retry alert reaches a webhook and an SMTP server (Jakarta Mail and
#     Angus Mail found in the image) through the notifications section of a ppacer.yaml
"$jdk/bin/java" "$here/alert-sink/AlertSink.java" "$work/sink" > "$work/sink.log" 2>&1 &
sink=$!
pids+=("$sink")
start=$SECONDS
until [[ -f $work/sink/http.port && -f $work/sink/smtp.port ]]; do
    (( SECONDS - start < 90 )) || fail "alert sink not up after 90 s"
    sleep 0.05
done
cat > "$work/alerts.yaml" <<YAML
db: jdbc:sqlite:$work/alerts.db
notifications:
  dags:
    flaky:
      - type: webhook
        url: \${SMOKE_HOOK}
        format: slack
      - type: email
        host: 127.0.0.1
        port: $(cat "$work/sink/smtp.port")
        security: none
        from: ppacer@example.com
        to: [oncall@example.com]
YAML
export SMOKE_HOOK="http://127.0.0.1:$(cat "$work/sink/http.port")/hook"
start_server alerts "$image" --config "$work/alerts.yaml"
out=$("$image/bin/ppacer" trigger flaky --wait --scheduler "$url") || fail "trigger flaky: $out"
start=$SECONDS
until grep -q "^Subject: \[ppacer\] flaky: task flaky failed, will be retried" "$work/sink/mail.txt" 2>/dev/null \
        && grep -q '^/hook {"text":"Task \[flaky\] in DAG \[flaky\]' "$work/sink/webhook.txt" 2>/dev/null; do
    (( SECONDS - start < 90 )) || fail "flaky's alert not received after 90 s: $(cat "$work"/sink/*.txt 2>&1)"
    sleep 0.1
done
step "alerts: flaky's retry alert by webhook and e-mail ($(grep -m1 '^Subject:' "$work/sink/mail.txt"))"
stop_server alerts
kill -TERM "$sink"
wait "$sink" 2>/dev/null || true

# 4. a user's DAG module in its own image: the README's recipe, run as written with a JDK 17 as the default java
bash "$here/readme-recipe.sh" "$here/../../.." || fail "the README's DAG recipe"
step "README recipe: my_report compiled, linked, tested and served"

# 5. the image on PostgreSQL and MariaDB/MySQL (the drivers linked with moditect's descriptors), when the
#    servers of bin/dev-services are up; with CI=true they must be
if command -v psql > /dev/null && psql -h 127.0.0.1 -U postgres -d postgres -tAc "SELECT 1" > /dev/null 2>&1; then
    psql -h 127.0.0.1 -U postgres -d postgres -q -c "DROP DATABASE IF EXISTS ppacer_smoke" -c "CREATE DATABASE ppacer_smoke" \
        > /dev/null 2>&1 || fail "cannot create the PostgreSQL database ppacer_smoke"
    start_server postgresql "$image" --db "jdbc:postgresql://127.0.0.1:5432/ppacer_smoke?user=postgres"
    out=$("$image/bin/ppacer" trigger etl --wait --scheduler "$url") || fail "postgresql: trigger etl: $out"
    step "postgresql: $(tail -1 <<< "$out")"
    stop_server postgresql
    psql -h 127.0.0.1 -U postgres -d postgres -q -c "DROP DATABASE IF EXISTS ppacer_smoke" > /dev/null 2>&1 || true
elif [[ ${CI:-} == true ]]; then
    fail "PostgreSQL is not reachable on 127.0.0.1:5432 (bin/dev-services starts it)"
else
    step "PostgreSQL not reachable: skipped"
fi
if command -v mariadb > /dev/null && mariadb -h 127.0.0.1 -P 3306 -uroot -e "SELECT 1" > /dev/null 2>&1; then
    mariadb -h 127.0.0.1 -P 3306 -uroot -e "DROP DATABASE IF EXISTS ppacer_smoke; CREATE DATABASE ppacer_smoke" \
        || fail "cannot create the MariaDB database ppacer_smoke"
    start_server mysql "$image" --db "jdbc:mysql://127.0.0.1:3306/ppacer_smoke?user=root"
    out=$("$image/bin/ppacer" trigger etl --wait --scheduler "$url") || fail "mysql: trigger etl: $out"
    step "mysql: $(tail -1 <<< "$out")"
    stop_server mysql
    mariadb -h 127.0.0.1 -P 3306 -uroot -e "DROP DATABASE IF EXISTS ppacer_smoke" || true
elif [[ ${CI:-} == true ]]; then
    fail "MariaDB is not reachable on 127.0.0.1:3306 (bin/dev-services starts it)"
else
    step "MariaDB not reachable: skipped"
fi

echo "smoke: all checks passed"
