#!/bin/sh
# Removes the ODJ Connector's application and unit. Configuration (/etc/odjc), state (/var/lib/odjc:
# enrollment and journal), logs and the user odjc stay unless --purge is given.
#
# Usage: uninstall.sh [--root DIR] [--purge]
set -eu

root=
purge=no
while [ $# -gt 0 ]; do
  case "$1" in
    --root) [ $# -ge 2 ] || { echo "uninstall.sh: --root needs a directory" >&2; exit 2; }; root=$2; shift 2 ;;
    --root=*) root=${1#--root=}; shift ;;
    --purge) purge=yes; shift ;;
    -h|--help) sed -n '2,/^set -eu/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "uninstall.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
if [ -n "$root" ]; then
  root=$(CDPATH= cd -- "$root" && pwd)
  [ "$root" != / ] || root=
fi
[ "$(id -u)" -eq 0 ] || { echo "uninstall.sh: run as root" >&2; exit 1; }

if [ -z "$root" ] && [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
  systemctl disable --now --quiet odjc.service 2>/dev/null || true
fi
rm -f "$root/etc/systemd/system/odjc.service"
if [ -z "$root" ] && [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
  systemctl daemon-reload
fi
if [ "$(readlink "$root/usr/local/bin/odjc" 2>/dev/null || true)" = /opt/odjc/bin/odjc ]; then
  rm -f "$root/usr/local/bin/odjc"
fi
rm -rf "$root/opt/odjc" "$root/opt/odjc.new" "$root/opt/odjc.old"

if [ "$purge" = yes ]; then
  rm -rf "$root/etc/odjc" "$root/var/lib/odjc" "$root/var/log/odjc"
  if [ -n "$root" ]; then
    if grep -q '^odjc:' "$root/etc/passwd" 2>/dev/null; then userdel --prefix "$root" odjc; fi
  elif id -u odjc >/dev/null 2>&1; then
    userdel odjc
  fi
  echo "uninstall.sh: removed the connector, its configuration, enrollment, journal and the user odjc"
else
  echo "uninstall.sh: removed the application and the unit; kept /etc/odjc, /var/lib/odjc, /var/log/odjc and the user odjc (--purge removes them)"
fi
