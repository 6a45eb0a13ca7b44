#!/usr/bin/env bash
# Installs what the test suite needs besides Java and Maven, when it is missing: curl and jq (the helper script's
# tests), shellcheck (script checks), util-linux's script (bsdutils: generated scripts run on a pseudo-terminal),
# chromium and chromium-driver (the console's browser tests), and the container tools (the image and cluster tests):
# podman, runc and mmdebstrap, with podman's settings for this kind of machine (below). Debian or Ubuntu,
# through apt-get, as root or with password-less sudo. Called by .ci/run, and by `mvn verify` itself when
# /usr/bin/chromedriver is missing (the pom's install-test-tools profile). Does nothing when everything is there.
#
#   --containers   only curl and the container tools with their settings (scripts/build-image.sh, cluster.sh and
#                  kube-play-local.sh call it)
set -euo pipefail

containers_only=false
case ${1:-} in
  --containers) containers_only=true ;;
  '') ;;
  *) echo "install-test-tools: unknown option $1 (only --containers)" >&2; exit 2 ;;
esac

missing=()
if ! $containers_only; then
  for tool in jq shellcheck; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
  done
  if ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1; then
    missing+=(chromium)
  fi
  [[ -x /usr/bin/chromedriver ]] || missing+=(chromium-driver)
  command -v script >/dev/null 2>&1 || missing+=(bsdutils)
fi
for tool in curl podman runc mmdebstrap; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done

sudo=()
if ((EUID != 0)); then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo=(sudo -n)
  elif ((${#missing[@]})); then
    echo "install-test-tools: not root and no password-less sudo; run: sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi

if ((${#missing[@]})); then
  echo "install-test-tools: installing ${missing[*]}" >&2
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-test-tools: no apt-get here; install ${missing[*]} with this system's package manager" >&2
    exit 1
  fi
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# Podman's settings for machines like this one (cgroups v1 in hybrid mode, no systemd, limits set by the host):
# runc (crun fails: "cgroups in hybrid mode not supported"), cgroupfs, events in a file, and resource limits below
# the hard ones (podman's defaults, or a limit equal to a hard limit that is raised on the way, fail with
# "setrlimit ...: operation not permitted"). A drop-in of its own, so nothing else's settings are touched; `podman kube
# play` reads it too.
conf=/etc/containers/containers.conf.d/50-cleanup-service.conf
nofile=$(ulimit -Hn)
nproc=$(ulimit -Hu)
[[ $nofile == unlimited || $nofile -gt 20000 ]] && nofile=20000
[[ $nproc == unlimited || $nproc -gt 4096 ]] && nproc=4096
settings="# written by cleanup-service's scripts/install-test-tools.sh
[containers]
default_ulimits = [\"nofile=$nofile:$nofile\", \"nproc=$nproc:$nproc\"]

[engine]
runtime = \"runc\"
cgroup_manager = \"cgroupfs\"
events_logger = \"file\""
if [[ ! -f $conf || $(cat "$conf") != "$settings" ]]; then
  echo "install-test-tools: writing podman's settings to $conf" >&2
  "${sudo[@]}" mkdir -p "$(dirname "$conf")"
  printf '%s\n' "$settings" | "${sudo[@]}" tee "$conf" >/dev/null
fi

# kubectl renders the Kubernetes overlays (KubernetesManifestsTest, kube-play-local.sh); Debian does not package it
if ! command -v kubectl >/dev/null 2>&1; then
  echo "install-test-tools: kubectl is not on PATH (not a Debian package): install it to render deploy/kubernetes" >&2
fi
