#!/usr/bin/env bash
# Installs what the test suite needs besides Java and Maven, when it is missing: curl and jq (the helper script's
# tests), shellcheck (script checks), util-linux's script (bsdutils: generated scripts run on a pseudo-terminal),
# chromium and chromium-driver (the console's browser tests). Debian or Ubuntu,
# through apt-get, as root or with password-less sudo. Called by .ci/run, and by `mvn verify` itself when
# /usr/bin/chromedriver is missing (the pom's install-test-tools profile). Does nothing when everything is there.
set -euo pipefail

missing=()
for tool in curl jq shellcheck; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1; then
  missing+=(chromium)
fi
[[ -x /usr/bin/chromedriver ]] || missing+=(chromium-driver)
command -v script >/dev/null 2>&1 || missing+=(bsdutils)
((${#missing[@]})) || exit 0

echo "install-test-tools: installing ${missing[*]}" >&2
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-test-tools: no apt-get here; install ${missing[*]} with this system's package manager" >&2
  exit 1
fi
sudo=()
if ((EUID != 0)); then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo=(sudo -n)
  else
    echo "install-test-tools: not root and no password-less sudo; run: sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
