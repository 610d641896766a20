#!/bin/sh
# Runs "$@" with an unlocked gnome-keyring Secret Service on the current (private) D-Bus session:
#   dbus-run-session -- scripts/with-keyring.sh CMD...
# (shared/reference/keyring-ci.md). The keyring lives under $HOME; its password is
# $MCPO_TEST_KEYRING_PASSWORD (default mcpo-test). Used by the keychain tests and the bench.
eval "$(printf '%s' "${MCPO_TEST_KEYRING_PASSWORD:-mcpo-test}" | gnome-keyring-daemon --unlock --components=secrets --daemonize)"
export GNOME_KEYRING_CONTROL
i=0
while [ $i -lt 50 ]; do
  dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q 'boolean true' && break
  sleep 0.1
  i=$((i + 1))
done
exec "$@"
