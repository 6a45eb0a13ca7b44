#!/usr/bin/env bash
# Runs the Kubernetes overlay deploy/kubernetes/overlays/local on this machine under `podman kube play`: PostgreSQL,
# the standalone simulator and the service, each a pod on the host's network, on loopback only.
#
#   scripts/kube-play-local.sh up       render the overlay (kubectl kustomize, offline), play it, wait until the
#                                       service is ready: http://127.0.0.1:28080 (token: the overlay's secrets.env),
#                                       simulator http://127.0.0.1:28089, PostgreSQL 127.0.0.1:25432
#   scripts/kube-play-local.sh down     remove its pods, containers, volumes and the podman secret
#   scripts/kube-play-local.sh render   print the rendered manifests
#
# Builds the images first when they are missing (scripts/build-image.sh, and --postgres). podman 4.3 (Debian 12)
# stores a Secret document it plays in a form its own secretKeyRef lookup cannot read, so the Secret is handed to
# podman as a podman secret of the same name instead (a JSON map of its keys to base64 values, the form that lookup
# reads), made from the overlay's secrets.env, and left out of what is played.
set -euo pipefail
cd "$(dirname "$0")/.."

overlay=deploy/kubernetes/overlays/local
secret=cleanup-service-secrets
url=http://127.0.0.1:28080

render() {
  kubectl kustomize "$overlay"
}

# the rendered manifests without their Secret documents
without_secrets() {
  render | awk 'BEGIN { RS = "---\n"; ORS = "" } !/(^|\n)kind: Secret\n/ { if (n++) print "---\n"; print }'
}

down() {
  local played
  played=$(mktemp)
  without_secrets >"$played"
  podman kube down "$played" >/dev/null 2>&1 || true
  rm -f "$played"
  # the claims' volumes (podman names them after the claim) outlive `kube down`; emptyDir volumes do not
  local volume
  for volume in $(render | sed -n 's/^ *claimName: *//p' | sort -u); do
    if podman volume exists "$volume"; then podman volume rm -f "$volume" >/dev/null; fi
  done
  if podman secret inspect "$secret" >/dev/null 2>&1; then podman secret rm "$secret" >/dev/null; fi
  return 0
}

wait_for() { # wait_for NAME URL [CURL OPTIONS...]: until URL answers 200, at most 180 s
  local name=$1 target=$2 deadline=$((SECONDS + 180))
  shift 2
  until [[ $(curl -s -o /dev/null -w '%{http_code}' "$@" "$target" || true) == 200 ]]; do
    if ((SECONDS > deadline)); then
      echo "kube-play-local: $name did not answer 200 at $target within 180 s; podman ps -a:" >&2
      podman ps -a --format '{{.Names}} {{.Status}}' >&2
      return 1
    fi
    sleep 1
  done
}

up() {
  scripts/install-test-tools.sh --containers
  podman image exists localhost/cleanup-service:latest || scripts/build-image.sh
  podman image exists localhost/cleanup-postgres:15 || scripts/build-image.sh --postgres
  down
  local json='{' separator='' key value
  while IFS='=' read -r key value; do
    [[ -z $key || $key == \#* ]] && continue
    json+="$separator\"$key\":\"$(printf '%s' "$value" | base64 -w0)\""
    separator=','
  done <"$overlay/secrets.env"
  printf '%s}' "$json" | podman secret create "$secret" - >/dev/null
  local played started=$SECONDS
  played=$(mktemp)
  without_secrets >"$played"
  # podman 4.3 without systemd cannot schedule the probes as health checks and says so; the pods run all the same
  podman kube play "$played" 2>&1 >/dev/null | grep -v 'unable to get systemd connection' >&2 || true
  rm -f "$played"
  wait_for simulator http://127.0.0.1:28089/sim/config
  wait_for service "$url/observe/health/ready"
  echo "kube-play-local: up in $((SECONDS - started)) s: service $url, simulator http://127.0.0.1:28089, PostgreSQL 127.0.0.1:25432"
}

case ${1:-} in
  up) up ;;
  down) down ;;
  render) render ;;
  *) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; [[ ${1:-} == -h || ${1:-} == --help ]]; exit $? ;;
esac
