#!/usr/bin/env bash
# Links the ppacer runtime image: a trimmed JDK with the ppacer modules, both store providers, the
# SQLite, PostgreSQL and MySQL drivers and the example DAGs, started by bin/ppacer.
#
# Usage: link-image.sh JDK OUTPUT MODULE_PATH [EXTRA_MODULES]
#   JDK            a JDK 25 home (its jlink links the JDK modules from its own run-time image)
#   OUTPUT         the image directory (replaced)
#   MODULE_PATH    where the modular jars are, ':'-separated (jlink/target/modules and
#                  jlink/target/modular-drivers after `./mvnw package -pl jlink -am`), plus your own
#   EXTRA_MODULES  your DAG modules, ','-separated (e.g. my.dags), found through ServiceLoader
#
# Only the JDK modules the application requires go in (no --bind-services), SQLite's natives for
# other platforms are left out, and the image runs from a read-only directory.
set -euo pipefail

jdk=$1 out=$2 mp=$3 extra=${4:-}
here=$(cd "$(dirname "$0")" && pwd)

modules=ppacer.cli,ppacer.store.sqlite,ppacer.store.jdbc,ppacer.examples,org.postgresql.jdbc,com.mysql.cj
# e-mail alerts: Angus Mail (SMTP) and Angus Activation implement the Jakarta Mail and Activation
# APIs that ppacer.notify requires; found through ServiceLoader, so named here (jlink resolves requires
# only). java.desktop stays out: the build makes it optional in Angus Mail (patch-angus-mail.sh).
modules+=,org.eclipse.angus.mail,org.eclipse.angus.activation
# java.logging: System.Logger goes to java.util.logging (else a bare stderr logger).
modules+=,java.logging
[[ -n $extra ]] && modules+=",$extra"

# Optional jars: linked when the store modules bring them (HikariCP logs through slf4j; bind it to JUL).
IFS=: read -ra dirs <<< "$mp"
for d in "${dirs[@]}"; do
    if compgen -G "$d/slf4j-jdk14-*.jar" > /dev/null; then modules+=,org.slf4j.jul; fi
done

# SQLite natives: keep this platform's only (about 10 MB saved).
case "$(uname -s)" in
    Linux) os=Linux; if compgen -G "/lib/ld-musl-*" > /dev/null; then os=Linux-Musl; fi ;;
    Darwin) os=Mac ;;
    *) os=Windows ;;
esac
case "$(uname -m)" in
    x86_64|amd64) arch=x86_64 ;;
    aarch64|arm64) arch=aarch64 ;;
    *) arch=$(uname -m) ;;
esac
sqlite_jar=
for d in "${dirs[@]}"; do
    for j in "$d"/sqlite-jdbc-*.jar; do [[ -f $j ]] && sqlite_jar=$j; done
done
exclude=
if [[ -n $sqlite_jar ]]; then
    while read -r platform; do
        [[ $platform == "$os/$arch" ]] && continue
        exclude+="${exclude:+,}/org.xerial.sqlitejdbc/org/sqlite/native/$platform/**"
    done < <("$jdk/bin/jar" tf "$sqlite_jar" | sed -n 's|^org/sqlite/native/\(.*\)/[^/]*\.[a-z]*$|\1|p' | sort -u)
fi

rm -rf "$out"
"$jdk/bin/jlink" \
    --module-path "$mp" \
    --add-modules "$modules" \
    ${exclude:+--exclude-resources "$exclude"} \
    "--add-options=--enable-native-access=org.xerial.sqlitejdbc" \
    --strip-debug --no-header-files --no-man-pages --compress=zip-6 \
    --generate-cds-archive \
    --output "$out"

# the default CDS archive for compressed oops is the one used (heaps under 32 GB); drop the other (15 MB)
rm -f "$out/lib/server/classes_nocoops.jsa"
install -m 755 "$here/../image/bin/ppacer" "$out/bin/ppacer"
echo "ppacer image: $out ($(du -sh "$out" | cut -f1)), launcher $out/bin/ppacer"
