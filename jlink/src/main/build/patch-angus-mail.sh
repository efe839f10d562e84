#!/usr/bin/env bash
# Rewrites the module descriptor of angus-mail in the image's module directory so that java.desktop is
# optional (src/moditect/angus-mail-module-info.java says why); moditect refuses a jar that is modular
# already, so javac compiles the descriptor against the jar and `jar --update` puts it in.
#
# Usage: patch-angus-mail.sh JDK MODULE_DIR
#   JDK         a JDK 25 home
#   MODULE_DIR  jlink/target/modules, where copy-dependencies put angus-mail-*.jar and its dependencies
set -euo pipefail

jdk=$1 dir=$2
here=$(cd "$(dirname "$0")" && pwd)
shopt -s nullglob
jars=("$dir"/angus-mail-*.jar)
(( ${#jars[@]} == 1 )) || { echo "patch-angus-mail: expected one angus-mail jar in $dir, found ${#jars[@]}" >&2; exit 1; }
jar=${jars[0]}
work=$(mktemp -d "${TMPDIR:-/tmp}/ppacer-angus.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/src" "$work/classes"
cp "$here/../../moditect/angus-mail-module-info.java" "$work/src/module-info.java"
"$jdk/bin/javac" --module-path "$dir" --patch-module "org.eclipse.angus.mail=$jar" -d "$work/classes" \
    "$work/src/module-info.java"
"$jdk/bin/jar" --update --file "$jar" -C "$work/classes" module-info.class
"$jdk/bin/jar" --describe-module --file "$jar" | grep -q "^requires java.desktop static$" \
    || { echo "patch-angus-mail: $jar still requires java.desktop" >&2; exit 1; }
echo "patch-angus-mail: $(basename "$jar"): java.desktop optional"
