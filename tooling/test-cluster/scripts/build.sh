#!/usr/bin/env bash
# Builds kube-apiserver, kube-controller-manager, kube-scheduler (k8s.io/kubernetes),
# etcd (go.etcd.io/etcd/server/v3) and kwok (sigs.k8s.io/kwok) from the Go module proxy
# into ${KUBEOP_K8S_CACHE:-$HOME/.cache/kubeop/k8s}/<k8s>-<etcd>-<kwok>/bin.
# Idempotent: exits immediately when every artefact already exists. Builds into a
# temporary directory and renames it into place, so an interrupted build never
# leaves a half-filled bin/ behind. Prints the bin directory as its last line.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=versions.env
source "$here/versions.env"
K8S_VERSION="${KUBEOP_K8S_VERSION:-$K8S_VERSION}"
ETCD_VERSION="${KUBEOP_ETCD_VERSION:-$ETCD_VERSION}"
KWOK_VERSION="${KUBEOP_KWOK_VERSION:-$KWOK_VERSION}"

cache_root="${KUBEOP_K8S_CACHE:-$HOME/.cache/kubeop/k8s}"
key="${K8S_VERSION}-${ETCD_VERSION}-${KWOK_VERSION}"
dest="$cache_root/$key"
bin="$dest/bin"
artefacts=(kube-apiserver kube-controller-manager kube-scheduler etcd kwok kwok-stages.yaml)

complete() {
  local a
  for a in "${artefacts[@]}"; do [[ -s "$bin/$a" ]] || return 1; done
}

if complete; then
  echo "[build] cached: $bin" >&2
  echo "$bin"
  exit 0
fi

command -v go >/dev/null 2>&1 || {
  echo "[build] Go is not installed: install Go >= 1.26 (https://go.dev/dl) or set KUBEOP_TEST_KUBECONFIG to an existing cluster" >&2
  exit 127
}

export GOTOOLCHAIN="${GOTOOLCHAIN:-local}" GOFLAGS="${GOFLAGS:--buildvcs=false}" CGO_ENABLED=0
mkdir -p "$dest"
# One build at a time per cache key.
exec 9>"$dest/.build.lock"
if command -v flock >/dev/null 2>&1; then flock 9; fi
if complete; then echo "$bin"; exit 0; fi

start=$(date +%s)
work="$(mktemp -d "$dest/.work.XXXXXX")"
trap 'rm -rf "$work"' EXIT
out="$work/bin"
mkdir -p "$out"
log() { echo "[build +$(( $(date +%s) - start ))s] $*" >&2; }

modfield() { # modfield <module@version> <Field>  -> value from `go mod download -json`
  (cd "$work" && go mod download -json "$1") | sed -n "s/.*\"$2\": \"\(.*\)\".*/\1/p" | head -1
}

# ---------------------------------------------------------------- kubernetes
log "kubernetes $K8S_VERSION: resolving staging modules"
kgomod="$(modfield "k8s.io/kubernetes@$K8S_VERSION" GoMod)"
[[ -f "$kgomod" ]] || { echo "[build] cannot download k8s.io/kubernetes@$K8S_VERSION" >&2; exit 1; }
staging="$(sed -n 's#^[[:space:]]*\(k8s\.io/[a-z0-9-]*\) => \./staging/src/.*#\1#p' "$kgomod")"
[[ -n "$staging" ]] || { echo "[build] no staging replaces found in $kgomod" >&2; exit 1; }
stagever="v0.${K8S_VERSION#v1.}"
kw="$work/k8s"; mkdir -p "$kw"
(
  cd "$kw"
  go mod init kubeop.local/k8s-bins >/dev/null 2>&1
  # keep upstream runtime defaults (e.g. `godebug default=go1.24`)
  grep -E '^godebug ' "$kgomod" >> go.mod || true
  { echo "require k8s.io/kubernetes $K8S_VERSION"; echo "replace ("
    for m in $staging; do printf '\t%s => %s %s\n' "$m" "$m" "$stagever"; done; echo ")"; } >> go.mod
  log "kubernetes: go get -tool"
  go get -tool "k8s.io/kubernetes/cmd/kube-apiserver@$K8S_VERSION" \
               "k8s.io/kubernetes/cmd/kube-controller-manager@$K8S_VERSION" \
               "k8s.io/kubernetes/cmd/kube-scheduler@$K8S_VERSION"
  minor="$(echo "$K8S_VERSION" | cut -d. -f2)"
  ldf="-s -w"
  for kv in "gitVersion=$K8S_VERSION" gitMajor=1 "gitMinor=$minor" gitTreeState=clean \
            "buildDate=$(date -u +%Y-%m-%dT%H:%M:%SZ)"; do
    ldf="$ldf -X k8s.io/component-base/version.$kv -X k8s.io/client-go/pkg/version.$kv"
  done
  log "kubernetes: compiling kube-apiserver kube-controller-manager kube-scheduler"
  go build -trimpath -ldflags "$ldf" -o "$out/" \
    k8s.io/kubernetes/cmd/kube-apiserver \
    k8s.io/kubernetes/cmd/kube-controller-manager \
    k8s.io/kubernetes/cmd/kube-scheduler
)
"$out/kube-apiserver" --version >&2

# ---------------------------------------------------------------- etcd
log "etcd $ETCD_VERSION"
ew="$work/etcd"; mkdir -p "$ew"
(
  cd "$ew"
  go mod init kubeop.local/etcd-bin >/dev/null 2>&1
  go get -tool "go.etcd.io/etcd/server/v3@$ETCD_VERSION"
  go build -trimpath -ldflags "-s -w" -o "$out/etcd" go.etcd.io/etcd/server/v3
)
"$out/etcd" --version >&2

# ---------------------------------------------------------------- kwok
log "kwok $KWOK_VERSION"
# sigs.k8s.io/kwok has no replace directives, so `go install pkg@version` works.
GOBIN="$out" go install -trimpath -ldflags "-s -w" "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION"
# kwok >= v0.8.0 ships no built-in stages: assemble the "fast" node/pod stages from the module.
kdir="$(modfield "sigs.k8s.io/kwok@$KWOK_VERSION" Dir)"
stages="$kdir/kustomize/stage"
for f in node/fast/node-initialize.yaml node/heartbeat-with-lease/node-heartbeat-with-lease.yaml \
         pod/fast/pod-ready.yaml pod/fast/pod-complete.yaml pod/fast/pod-delete.yaml; do
  [[ -f "$stages/$f" ]] || { echo "[build] missing kwok stage $stages/$f" >&2; exit 1; }
  echo "---"; cat "$stages/$f"; echo
done > "$out/kwok-stages.yaml"
"$out/kwok" --version >&2 || true

# ---------------------------------------------------------------- install atomically
cat > "$out/VERSIONS" <<V
kubernetes=$K8S_VERSION
etcd=$ETCD_VERSION
kwok=$KWOK_VERSION
go=$(go env GOVERSION)
built=$(date -u +%Y-%m-%dT%H:%M:%SZ)
build_seconds=$(( $(date +%s) - start ))
V
rm -rf "$bin"
mv "$out" "$bin"
log "done: $bin ($(du -sh "$bin" | cut -f1))"
echo "$bin"
