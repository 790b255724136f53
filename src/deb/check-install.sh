#!/usr/bin/env bash
# Installs the built package on this machine as an operator would (root, Debian 12), and checks what it promises:
# a Java runtime pulled in, the service user, the files in place, `cncert-relay --once` as the service user on the
# shipped sample archive, the unit enabled but not started, configuration and state kept across an upgrade and a
# remove, state gone after purge, and no lintian errors. Leaves the machine as it found it (purges the package).
#   src/deb/check-install.sh target/cncert-relay_*_all.deb
set -euo pipefail
deb="$(readlink -f "$1")"
fail() { echo "check-install: $*" >&2; exit 1; }
export DEBIAN_FRONTEND=noninteractive

if ! command -v lintian >/dev/null; then
    apt-get install -y -qq lintian >/dev/null
fi
lintian --fail-on error "$deb" || fail "lintian reports errors"

apt-get install -y -qq "$deb" >/dev/null
trap 'apt-get purge -y -qq cncert-relay >/dev/null 2>&1 || true' EXIT
getent passwd cncert-relay >/dev/null || fail "no cncert-relay user"
[ -x /usr/bin/cncert-relay ] || fail "no /usr/bin/cncert-relay"
[ "$(stat -c %a:%G /etc/cncert-relay/cncert-relay.env)" = "640:cncert-relay" ] || fail "secrets file not 0640 root:cncert-relay"
[ -e /etc/systemd/system/multi-user.target.wants/cncert-relay.service ] || fail "unit not enabled"
if [ -d /run/systemd/system ] && systemctl is-active --quiet cncert-relay; then
    fail "unit started before the operator configured it"
fi

# right after install, as the service user, from a directory it cannot write: the sample archive becomes the CSV
(cd / && runuser -u cncert-relay -- cncert-relay --once) || fail "--once as the service user failed"
rows=$(($(wc -l < /var/lib/cncert-relay/reports.csv) - 1))
[ "$rows" -eq 5 ] || fail "expected 5 rows in /var/lib/cncert-relay/reports.csv, found $rows"

# the operator's edits and the state survive an upgrade (the same package again) and a remove
echo "# edited by the operator" >> /etc/cncert-relay/application.properties
apt-get install -y -qq --reinstall "$deb" >/dev/null
grep -q "edited by the operator" /etc/cncert-relay/application.properties || fail "upgrade lost the configuration"
apt-get remove -y -qq cncert-relay >/dev/null
[ -f /var/lib/cncert-relay/reports.csv ] || fail "remove deleted the state"
grep -q "edited by the operator" /etc/cncert-relay/application.properties || fail "remove lost the configuration"
apt-get purge -y -qq cncert-relay >/dev/null
[ ! -e /var/lib/cncert-relay ] || fail "purge left /var/lib/cncert-relay"
[ ! -e /etc/cncert-relay/application.properties ] || fail "purge left the configuration"
echo "check-install: package installs, runs --once as cncert-relay (5 rows), keeps configuration and state across upgrade and remove, purges cleanly; lintian: no errors"
