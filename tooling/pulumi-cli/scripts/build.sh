#!/usr/bin/env bash
# Builds the Pulumi CLI (github.com/pulumi/pulumi/pkg/v3/cmd/pulumi) from the Go module proxy into
# ${KUBEOP_PULUMI_CACHE:-$HOME/.cache/kubeop/pulumi}/<version>/bin, and puts next to it the
# `pulumi-resource-pulumi-nodejs` plugin script that ships inside @pulumi/pulumi (dynamic providers).
# No npm or Debian package ships the CLI, and the `pulumi` npm package downloads it from Pulumi's own
# site at run time. Idempotent: exits at once when both files exist. Builds into a temporary directory
# and renames it into place, so an interrupted build never leaves a half-filled bin/ behind. Prints the
# install root (what PulumiCommand.get({ root }) takes) as its last line. Cold: ~10 min on 2 cores.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=versions.env
source "$here/versions.env"
PULUMI_VERSION="${KUBEOP_PULUMI_VERSION:-$PULUMI_VERSION}"

cache_root="${KUBEOP_PULUMI_CACHE:-$HOME/.cache/kubeop/pulumi}"
dest="$cache_root/$PULUMI_VERSION"
bin="$dest/bin"
plugin=pulumi-resource-pulumi-nodejs

complete() { [[ -s "$bin/pulumi" && -s "$bin/$plugin" ]]; }

if complete; then
  echo "[pulumi-cli] cached: $bin" >&2
  echo "$dest"
  exit 0
fi

command -v go >/dev/null 2>&1 || {
  echo "[pulumi-cli] Go is not installed: the @kubeop/pulumi end-to-end tests need the Pulumi CLI, built from Go modules: install Go >= 1.26 (https://go.dev/dl, \`go\` on PATH)" >&2
  exit 127
}
# The plugin script of the @pulumi/pulumi this package depends on.
nodejs_plugin="$(cd "$here/.." && node -p "require('node:path').join(require('node:path').dirname(require.resolve('@pulumi/pulumi/package.json')), '$plugin')")"
[[ -s "$nodejs_plugin" ]] || { echo "[pulumi-cli] $nodejs_plugin is missing: run pnpm install" >&2; exit 1; }

export GOTOOLCHAIN="${GOTOOLCHAIN:-local}" GOFLAGS="${GOFLAGS:--buildvcs=false}" CGO_ENABLED=0
mkdir -p "$dest"
# One build at a time per version (the test projects may ask for it at once).
exec 9>"$dest/.build.lock"
if command -v flock >/dev/null 2>&1; then flock 9; fi
if complete; then echo "$dest"; exit 0; fi

start=$(date +%s)
work="$(mktemp -d "$dest/.work.XXXXXX")"
trap 'rm -rf "$work"' EXIT
out="$work/bin"
mkdir -p "$out"
log() { echo "[pulumi-cli +$(( $(date +%s) - start ))s] $*" >&2; }

(
  cd "$work"
  go mod init kubeop.local/pulumi-cli >/dev/null 2>&1
  # `go install …@version` refuses modules with replace directives: pulumi's own go.mod replaces
  # atotto/clipboard with this fork, so a wrapper module repeats it.
  echo 'replace github.com/atotto/clipboard => github.com/tgummerer/clipboard v0.0.0-20241001131231-d02d263e614e' >> go.mod
  log "pulumi $PULUMI_VERSION: go get -tool"
  go get -tool "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi@$PULUMI_VERSION"
  log "pulumi: compiling"
  go build -trimpath -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$PULUMI_VERSION" \
    -o "$out/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
)
cp "$nodejs_plugin" "$out/$plugin"
chmod 755 "$out/$plugin"
"$out/pulumi" version >&2

cat > "$out/VERSIONS" <<V
pulumi=$PULUMI_VERSION
go=$(go env GOVERSION)
built=$(date -u +%Y-%m-%dT%H:%M:%SZ)
build_seconds=$(( $(date +%s) - start ))
V
rm -rf "$bin"
mv "$out" "$bin"
log "done: $bin ($(du -sh "$bin" | cut -f1))"
echo "$dest"
