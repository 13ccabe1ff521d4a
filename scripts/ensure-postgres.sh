#!/usr/bin/env bash
# Makes PostgreSQL server binaries (initdb, postgres) available for the real-server
# tests, and prints the folder that holds them. Looks in $POSTGRES_BIN, /usr/local/bin
# and Debian's /usr/lib/postgresql/<version>/bin; installs Debian's `postgresql`
# package with apt-get when none is found (needs root, or sudo without a password).
set -euo pipefail

find_bin() {
    local dir
    for dir in "${POSTGRES_BIN:-}" /usr/local/bin $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [[ -n "$dir" && -x "$dir/initdb" && -x "$dir/postgres" ]]; then
            echo "$dir"
            return 0
        fi
    done
    return 1
}

if find_bin; then exit 0; fi

echo "PostgreSQL server binaries not found; installing Debian's postgresql package" >&2
SUDO=""
if [[ "$(id -u)" != "0" ]]; then SUDO="sudo -n"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >&2
$SUDO apt-get install -y -qq postgresql >&2
find_bin || { echo "postgresql was installed but initdb/postgres are still not found" >&2; exit 1; }
