#!/usr/bin/env bash
# The benchmark of cncert-relay, in one command (see README, "Benchmark"):
#
#   bench/run.sh [--smoke] [parse] [stages] [e2e] [startup] [urlwatch]
#
# Builds and installs the relay (tests skipped), makes the AppCDS archive the launcher uses, builds bench/, then
# measures: 1. parse throughput (JMH), 2. end to end through bin/cncert-relay --once against a local site and
# webhook receivers on 127.0.0.1, 3. start-up time and idle RSS of the daemon, 4. the relay run as README says
# beside urlwatch on the same pages from nginx (both installed from Debian when missing, as root). --smoke: a small,
# fast version (one fork, 200 issues, one run each) for CI. Naming parts runs only those. Nothing leaves 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== cncert-relay benchmark, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "machine: nproc $(nproc), $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), \
$(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1), \
load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "command: bench/run.sh $*"

if { [ $# -eq 0 ] || [[ " $* " == *" urlwatch "* ]]; } && ! { command -v urlwatch && command -v nginx; } >/dev/null; then
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq urlwatch nginx >/dev/null
    fi
fi
mvn -B -q install -DskipTests
bin/cncert-relay-cds >/dev/null
mvn -B -q -f bench/pom.xml clean package
cp="bench/target/classes:$(cat bench/target/classpath.txt)"
java -Xmx1g -cp "$cp" org.cncertrelay.bench.Bench "$@"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
