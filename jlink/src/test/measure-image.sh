#!/usr/bin/env bash
# Measures the runtime image (BENCHMARKS.md, "Runtime image"): size, start to /health, idle RSS, idle CPU.
# Usage: jlink/src/test/measure-image.sh [IMAGE]   (default jlink/target/image; needs curl)
set -euo pipefail
image=$(cd "${1:-$(dirname "$0")/../../target/image}" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/ppacer-measure.XXXXXX")
pids=()
trap 'for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done; rm -rf "$work"' EXIT
export PPACER_CACHE_DIR=$work/cache
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

echo "image: $(du -s -B1M "$image" | cut -f1) MB on disk ($(du -sh --apparent-size "$image" | cut -f1) apparent)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"

startup() {  # prints ms from exec to the first 200 from /health
    local d=$work/s$RANDOM port; mkdir -p "$d"; port=$(free_port)
    local t0; t0=$(date +%s%N)
    (cd "$d" && exec "$image/bin/ppacer" run --port "$port") > "$d/log" 2>&1 &
    local pid=$!
    until curl -sf -o /dev/null "http://127.0.0.1:$port/health"; do sleep 0.005; done
    echo $(( ($(date +%s%N) - t0) / 1000000 ))
    kill -TERM "$pid"; wait "$pid" || true
}
for mode in off auto; do
    if [[ $mode == auto ]]; then  # record the AOT cache once, as the first `ppacer run` does
        PPACER_AOT=auto startup > /dev/null
    fi
    times=$(for i in 1 2 3 4 5; do PPACER_AOT=$mode startup; done | tr '\n' ' ')
    echo "start to /health, PPACER_AOT=$mode: [$times] ms, median $(echo $times | tr ' ' '\n' | median) ms"
done

# Idle: 5 servers with the example DAGs, RSS after 60 s; CPU over the next 30 s with hello_world
# paused (no runs; etl fires at :00 and :05 only), then over 30 s with hello_world running every 10 s.
ports=()
for i in 1 2 3 4 5; do
    d=$work/idle$i; mkdir -p "$d"; port=$(free_port)
    (cd "$d" && PPACER_AOT=auto exec "$image/bin/ppacer" run --port "$port") > "$d/log" 2>&1 &
    pids+=($!); ports+=("$port")
done
sleep 60
rss=$(for p in "${pids[@]}"; do awk '/VmRSS/ {print int($2/1024)}' "/proc/$p/status"; done | tr '\n' ' ')
echo "RSS after 60 s: [$rss] MB, median $(echo $rss | tr ' ' '\n' | median) MB"
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)
cpu_over_30s() {
    local before=() i=0 p
    for p in "${pids[@]}"; do before+=("$(ticks "$p")"); done
    sleep 30
    for p in "${pids[@]}"; do
        awk -v t="$(( $(ticks "$p") - before[i] ))" -v hz="$hz" 'BEGIN {printf "%.2f\n", t / hz / 30 * 100}'; i=$((i + 1))
    done
}
for port in "${ports[@]}"; do "$image/bin/ppacer" pause hello_world --scheduler "http://127.0.0.1:$port" > /dev/null; done
cpu=$(cpu_over_30s | tr '\n' ' ')
echo "CPU over 30 s, idle (hello_world paused), in % of one core: [$cpu], median $(echo $cpu | tr ' ' '\n' | median)"
for port in "${ports[@]}"; do "$image/bin/ppacer" unpause hello_world --scheduler "http://127.0.0.1:$port" > /dev/null; done
cpu=$(cpu_over_30s | tr '\n' ' ')
echo "CPU over 30 s, hello_world every 10 s, in % of one core: [$cpu], median $(echo $cpu | tr ' ' '\n' | median)"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
