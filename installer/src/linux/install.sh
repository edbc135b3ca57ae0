#!/bin/sh
# Installs (or upgrades in place) the ODJ Connector from this unpacked odjc-<version>-linux.tar.gz:
#   /opt/odjc             the application (root, 0755): odjc.jar, lib/, bin/odjc, VERSION, uninstall.sh
#   /usr/local/bin/odjc   -> /opt/odjc/bin/odjc
#   /etc/odjc             configuration (root:odjc 0750): connector.yaml (every odjc command's default) and odjc.env,
#                         both 0640 and never overwritten
#   /etc/odjc/secrets     bind password or keytab (odjc:odjc 0700; files 0600)
#   /var/lib/odjc         state (odjc:odjc 0700): identity/ (enrollment), journal.db
#   /var/log/odjc         JVM crash reports (odjc:odjc 0750); the service logs to the journal
#   /etc/systemd/system/odjc.service
# and the system user odjc. Over an existing installation it is the upgrade: stop, back the journal
# up, replace the application and the unit, keep configuration, enrollment and journal, start again.
#
# Usage: install.sh [--root DIR] [--no-start]
#   --root DIR   install below DIR (a staging root for packaging and tests): the user goes into
#                DIR/etc/passwd (created if missing), owners are its ids, systemd is not touched
#   --no-start   do not start the service (it is enabled all the same)
set -eu

root=
start=yes
while [ $# -gt 0 ]; do
  case "$1" in
    --root) [ $# -ge 2 ] || { echo "install.sh: --root needs a directory" >&2; exit 2; }; root=$2; shift 2 ;;
    --root=*) root=${1#--root=}; shift ;;
    --no-start) start=no; shift ;;
    -h|--help) sed -n '2,/^set -eu/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "install.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
if [ -n "$root" ]; then
  mkdir -p "$root"
  root=$(CDPATH= cd -- "$root" && pwd)
  [ "$root" != / ] || root=
fi
[ "$(id -u)" -eq 0 ] || { echo "install.sh: run as root (owners and the system user need it; for packaging use fakeroot with --root)" >&2; exit 1; }

src=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
for f in odjc.jar lib bin/odjc odjc.service VERSION config/odjc.yaml.example; do
  [ -e "$src/$f" ] || { echo "install.sh: $src/$f is missing: run me from the unpacked odjc-<version>-linux.tar.gz" >&2; exit 1; }
done
version=$(cat "$src/VERSION")
app=$root/opt/odjc
unit=$root/etc/systemd/system/odjc.service
systemd=no
if [ -z "$root" ] && [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
  systemd=yes
fi
say() { echo "install.sh: $*"; }

# Java is the host's (JAVA in /etc/odjc/odjc.env may name another): warn, since it may come later.
if [ -z "$root" ]; then
  java_major=$(java -version 2>&1 | sed -n '1s/.*version "\([0-9][0-9]*\).*/\1/p')
  if [ -z "$java_major" ] || [ "$java_major" -lt 17 ]; then
    say "warning: the service needs Java 17 or later on the PATH (Debian: apt-get install openjdk-17-jre-headless)"
  fi
fi

# The system user: no login, no home of its own beyond the state directory.
if [ -n "$root" ]; then
  mkdir -p "$root/etc"
  for db in passwd group; do [ -e "$root/etc/$db" ] || install -m 0644 /dev/null "$root/etc/$db"; done
  for db in shadow gshadow; do [ -e "$root/etc/$db" ] || install -m 0640 /dev/null "$root/etc/$db"; done
  if ! grep -q '^odjc:' "$root/etc/passwd"; then
    useradd --prefix "$root" --system --user-group --home-dir /var/lib/odjc --no-create-home \
      --shell /usr/sbin/nologin --comment "ODJ Connector" odjc
  fi
  uid=$(awk -F: '$1 == "odjc" { print $3 }' "$root/etc/passwd")
  gid=$(awk -F: '$1 == "odjc" { print $4 }' "$root/etc/passwd")
else
  if ! id -u odjc >/dev/null 2>&1; then
    useradd --system --user-group --home-dir /var/lib/odjc --no-create-home \
      --shell /usr/sbin/nologin --comment "ODJ Connector" odjc
    say "created the system user odjc"
  fi
  uid=$(id -u odjc)
  gid=$(id -g odjc)
fi
[ -n "$uid" ] && [ -n "$gid" ] || { echo "install.sh: cannot find the user odjc" >&2; exit 1; }

upgrade=no
old=
if [ -e "$app/VERSION" ]; then
  upgrade=yes
  old=$(cat "$app/VERSION")
fi
was_active=no
if [ "$systemd" = yes ] && systemctl is-active --quiet odjc.service; then
  was_active=yes
  say "stopping odjc.service (requests in flight drain first)"
  systemctl stop odjc.service
fi

# Directories: created with their modes and owners, and put right again on an upgrade.
install -d -m 0755 -o 0 -g 0 "$root/opt" "$root/etc/systemd/system"
install -d -m 0750 -o 0 -g "$gid" "$root/etc/odjc"
install -d -m 0700 -o "$uid" -g "$gid" "$root/etc/odjc/secrets" "$root/var/lib/odjc"
install -d -m 0750 -o "$uid" -g "$gid" "$root/var/log/odjc"
# Everything in the state directory is the service's (an `odjc enroll` run as root leaves root's files).
chown -R "$uid:$gid" "$root/var/lib/odjc"
# Secrets stay readable by the service only.
find "$root/etc/odjc/secrets" -type f -exec chown "$uid:$gid" {} + -exec chmod 0600 {} +

# Before an upgrade touches anything: a copy of the journal as the old version left it (the new
# version migrates it in place on its first start; a downgrade would need this copy).
if [ "$upgrade" = yes ] && [ -e "$root/var/lib/odjc/journal.db" ]; then
  backup=$root/var/lib/odjc/backup/journal-$old-$(date -u +%Y%m%dT%H%M%SZ)
  install -d -m 0700 -o "$uid" -g "$gid" "$root/var/lib/odjc/backup" "$backup"
  for f in "$root"/var/lib/odjc/journal.db "$root"/var/lib/odjc/journal.db-wal; do
    if [ -e "$f" ]; then cp -p "$f" "$backup/"; fi
  done
  say "journal of $old backed up to ${backup#"$root"}"
fi

# The application: staged beside the old one, then swapped, so it is never half replaced.
rm -rf "$app.new" "$app.old"
install -d -m 0755 -o 0 -g 0 "$app.new" "$app.new/bin" "$app.new/lib"
install -m 0644 -o 0 -g 0 "$src/odjc.jar" "$src/VERSION" "$app.new/"
install -m 0644 -o 0 -g 0 "$src"/lib/*.jar "$app.new/lib/"
install -m 0755 -o 0 -g 0 "$src/bin/odjc" "$app.new/bin/odjc"
install -m 0755 -o 0 -g 0 "$src/uninstall.sh" "$app.new/uninstall.sh"
if [ -d "$app" ]; then mv "$app" "$app.old"; fi
mv "$app.new" "$app"
rm -rf "$app.old"
install -d -m 0755 -o 0 -g 0 "$root/usr/local/bin"
ln -sfn /opt/odjc/bin/odjc "$root/usr/local/bin/odjc"

# Configuration: the example is refreshed, the admin's files are never overwritten.
install -m 0640 -o 0 -g "$gid" "$src/config/odjc.yaml.example" "$root/etc/odjc/connector.yaml.example"
if [ ! -e "$root/etc/odjc/connector.yaml" ]; then
  install -m 0640 -o 0 -g "$gid" "$src/config/odjc.yaml.example" "$root/etc/odjc/connector.yaml"
  fresh_config=yes
else
  fresh_config=no
fi
if [ ! -e "$root/etc/odjc/odjc.env" ]; then
  umask 027
  cat > "$root/etc/odjc/odjc.env" <<'ENV'
# Environment of odjc.service (read by systemd, 0640 root:odjc).
# JVM options; this replaces the unit's default, so keep -XX:+ExitOnOutOfMemoryError:
#ODJC_JAVA_OPTS=-Xmx512m -XX:+ExitOnOutOfMemoryError
# Another Java than the one on the PATH:
#JAVA=/usr/lib/jvm/java-17-openjdk-amd64/bin/java
# A variable a domain's bind.passwordEnv names (a passwordFile under /etc/odjc/secrets is preferred):
#ODJC_BIND_PASSWORD=
ENV
  chown "0:$gid" "$root/etc/odjc/odjc.env"
  chmod 0640 "$root/etc/odjc/odjc.env"
fi

install -m 0644 -o 0 -g 0 "$src/odjc.service" "$unit"

if [ "$systemd" = yes ]; then
  systemctl daemon-reload
  systemctl enable --quiet odjc.service
  # An upgrade starts what it stopped; a first install waits for the configuration and enrollment.
  if [ "$start" = yes ] && [ "$was_active" = yes ]; then
    systemctl start odjc.service
    say "odjc.service started"
  fi
elif [ -z "$root" ]; then
  say "systemd is not running here: start the service with systemctl start odjc once it is"
fi

if [ "$upgrade" = yes ]; then
  say "upgraded $old -> $version below ${root:-/}; configuration, enrollment and journal kept"
else
  say "installed $version below ${root:-/}"
fi
if [ "$fresh_config" = yes ]; then
  cat <<NEXT
Next:
  1. edit /etc/odjc/connector.yaml (domains, allowed OUs, service.dispatcher); keep it 0640 root:odjc
  2. put the bind password in /etc/odjc/secrets/bind.password (0600, owner odjc) and reference it:
       passwordFile: /etc/odjc/secrets/bind.password
  3. enroll as the service user:
       runuser -u odjc -- odjc enroll --dispatcher URL --token-file FILE --ca-sha256 HEX --identity /var/lib/odjc/identity
  4. systemctl start odjc; systemctl status odjc; journalctl -u odjc
NEXT
fi
