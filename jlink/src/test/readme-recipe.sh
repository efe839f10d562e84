#!/usr/bin/env bash
# Runs the README's DAG recipe as written ("2. Write a DAG", "3. Build an image with it"): writes the
# Java files of step 2 where their first-line comments say, then runs every command of step 3's code
# blocks, in a fresh directory that links the checkout's bin/, jlink/ and mvnw, with a JDK 17 first
# on the PATH (when one is installed) and JAVA_HOME unset, as on a machine whose default java is older.
# `... bin/ppacer run` lines are started on a free port, checked to serve the DAG and stopped by SIGTERM.
# Every other command must exit 0, and none may print the JDK's "restricted method" warnings.
# Usage: readme-recipe.sh REPO_ROOT     (part of smoke.sh, so of ./mvnw verify)
set -euo pipefail
root=$(cd "$1" && pwd)
readme=$root/README.md
work=$(mktemp -d "${TMPDIR:-/tmp}/ppacer-recipe.XXXXXX")
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill -KILL "$p" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "RECIPE FAILED: $*" >&2; for f in "$work"/*.log; do [[ -f $f ]] && { echo "--- $f" >&2; cat "$f" >&2; }; done; exit 1; }
step() { echo "recipe: $*"; }

ln -s "$root/bin" "$work/bin"
ln -s "$root/jlink" "$work/jlink"
ln -s "$root/mvnw" "$work/mvnw"

# A JDK older than 25 first on the PATH, and no JAVA_HOME: the recipe must not depend on the default java.
old=
for d in /usr/lib/jvm/java-17-openjdk-* /usr/lib/jvm/*17*; do
    if [[ -x $d/bin/javac && -x $d/bin/jar ]]; then old=$d; break; fi
done
path=/usr/bin:/bin
if [[ -n $old ]]; then
    path=$old/bin:$path
    step "default java: $(PATH=$path java -version 2>&1 | head -1) ($old)"
else
    step "no JDK 17 installed: the PATH has no java at all"
fi
run_as_user() {   # COMMAND: runs it in $work as a user would, output in $work/cmd.out/err
    (cd "$work" && env -u JAVA_HOME PATH="$path" PPACER_CACHE_DIR="$work/cache" bash -c "$1") \
        > "$work/cmd.out" 2> "$work/cmd.err"
}

# section TITLE_START TITLE_END: the README text between the two titles
section() { awk -v a="$1" -v b="$2" 'index($0, a) { on = 1 } index($0, b) { on = 0 } on' "$readme"; }

# step 2: the Java files
files=0
while IFS= read -r -d '' block; do
    first=$(head -1 <<< "$block")
    target=$(sed -n 's|^// \([A-Za-z0-9_./-]*\.java\)$|\1|p' <<< "$first")
    [[ -n $target ]] || fail "a Java block of step 2 does not start with '// PATH.java': $first"
    mkdir -p "$work/$(dirname "$target")"
    printf '%s\n' "$block" > "$work/$target"
    files=$((files + 1))
    step "wrote $target"
done < <(section '**2. Write a DAG.**' '**3. Build an image' \
    | awk '/^```java$/ { on = 1; buf = ""; next } /^```$/ && on { printf "%s%c", buf, 0; on = 0; next } on { buf = buf $0 "\n" }')
[[ $files -ge 2 ]] || fail "step 2 has $files Java files, expected module-info.java and a class"

# step 3: the commands (continuation lines joined, comments dropped)
mapfile -t commands < <(section '**3. Build an image' '**4. Swap the database.**' \
    | awk '/^```bash$/ { on = 1; next } /^```$/ { on = 0; next } on' \
    | awk '{ if (sub(/\\$/, "")) { buf = buf $0; next } print buf $0; buf = "" }' \
    | sed 's/[[:space:]]\{1,\}#[[:space:]].*$//' | grep -v '^[[:space:]]*$')
[[ ${#commands[@]} -ge 3 ]] || fail "step 3 has ${#commands[@]} commands"
for cmd in "${commands[@]}"; do
    if [[ $cmd =~ ^([^[:space:]]+/bin/ppacer)\ run$ ]]; then
        launcher=${BASH_REMATCH[1]}
        (cd "$work" && exec env -u JAVA_HOME PATH="$path" PPACER_CACHE_DIR="$work/cache" "$launcher" run --port 0 \
            --db "jdbc:sqlite:$work/recipe.db") > "$work/run.log" 2>&1 &
        pid=$!
        pids+=("$pid")
        start=$SECONDS
        until grep -q "^ppacer run on http://" "$work/run.log" 2>/dev/null; do
            kill -0 "$pid" 2>/dev/null || fail "'$cmd' exited before serving"
            (( SECONDS - start < 90 )) || fail "'$cmd' not serving after 90 s"
            sleep 0.1
        done
        url=$(sed -n 's|^ppacer run on \(http://[^:]*:[0-9]*\):.*|\1|p' "$work/run.log")
        run_as_user "$launcher dags --scheduler $url" || fail "dags against '$cmd': $(cat "$work/cmd.err")"
        grep -q "^my_report " "$work/cmd.out" || fail "'$cmd' does not serve my_report: $(cat "$work/cmd.out")"
        grep -q "restricted method" "$work/run.log" && fail "'$cmd' printed restricted-method warnings"
        kill -TERM "$pid"
        rc=0
        wait "$pid" || rc=$?
        [[ $rc == 143 ]] || fail "'$cmd': exit $rc after SIGTERM, expected 143"
        step "$cmd: serves my_report, stopped by SIGTERM"
        continue
    fi
    rc=0
    run_as_user "$cmd" || rc=$?
    [[ $rc == 0 ]] || fail "'$cmd' exit $rc: $(cat "$work/cmd.out" "$work/cmd.err")"
    if grep -q "restricted method" "$work/cmd.err"; then
        fail "'$cmd' printed restricted-method warnings: $(grep -c 'restricted method' "$work/cmd.err")"
    fi
    if [[ $cmd == *" test my_report"* ]]; then
        grep -q "Run 1 of my_report: SUCCESS" "$work/cmd.out" || fail "'$cmd': $(cat "$work/cmd.out")"
    fi
    step "$cmd: exit 0$(tail -1 "$work/cmd.out" | sed 's/^/, /')"
done
echo "recipe: the README's DAG recipe works as written"
