#!/usr/bin/env bash
# Builds the real Pulumi CLI from Go modules into the git-ignored .cache/engine/bin,
# from the committed wrapper module engine/cli (go.mod + go.sum, `-mod=readonly`,
# so the build is repeatable and cannot silently pick other versions). The version
# printed by `pulumi version` is the one pinned in engine/cli/go.mod.
#
# Skips the build when .cache/engine/stamp matches a hash of go.mod, go.sum and
# `go version` and the binary is present. Prints what it did on one line.
#   scripts/build-pulumi-cli.sh          build or skip
#   scripts/build-pulumi-cli.sh --force  build even when the stamp matches
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

MODULE_DIR=engine/cli
OUT_DIR=.cache/engine/bin
BINARY=$OUT_DIR/pulumi
STAMP=.cache/engine/stamp
CLI_PACKAGE=github.com/pulumi/pulumi/pkg/v3/cmd/pulumi

command -v go >/dev/null || { echo "build-pulumi-cli: no 'go' on PATH; install Go >= 1.26 (https://go.dev/dl/) and re-run." >&2; exit 1; }

version="$(awk '$1 == "github.com/pulumi/pulumi/pkg/v3" { print $2; exit }' "$MODULE_DIR/go.mod")"
[[ -n $version ]] || { echo "build-pulumi-cli: $MODULE_DIR/go.mod does not require github.com/pulumi/pulumi/pkg/v3." >&2; exit 1; }

# One build at a time (.ci/run starts one in the background, `npm test` asks again): the
# second caller waits here and then finds the stamp current.
mkdir -p "$OUT_DIR"
exec 9>.cache/engine/build.lock
if ! flock -n 9; then
    echo "build-pulumi-cli: another build is running; waiting for it ..."
    flock 9
fi

stamp="$( { cat "$MODULE_DIR/go.mod" "$MODULE_DIR/go.sum"; go version; } | sha256sum | cut -d' ' -f1)"
if [[ ${1:-} != --force && -x $BINARY && -f $STAMP && "$(cat "$STAMP")" == "$stamp" ]]; then
    echo "build-pulumi-cli: $BINARY is up to date (pulumi $version, stamp ${stamp:0:12}); skipped"
    exit 0
fi

started=$SECONDS
echo "build-pulumi-cli: building pulumi $version from $MODULE_DIR (go.mod + go.sum, -mod=readonly) ..."
# Build into a temporary name first: a half-written binary must never look current.
(cd "$MODULE_DIR" && go build -mod=readonly \
    -ldflags "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$version" \
    -o "../../$BINARY.partial" "$CLI_PACKAGE")
mv "$BINARY.partial" "$BINARY"
echo "$stamp" >"$STAMP"
echo "build-pulumi-cli: built $BINARY ($("$BINARY" version)) in $((SECONDS - started)) s"
