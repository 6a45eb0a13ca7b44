#!/usr/bin/env bash
# Builds the service's OCI image into the local podman store, offline: localhost/cleanup-service:<version> and :latest.
#
#   scripts/build-image.sh                 package the jar (mvn -DskipTests package), then build the image
#   scripts/build-image.sh --no-package    use target/cleanup-service.jar and target/lib/ as they are
#   scripts/build-image.sh --postgres      build localhost/cleanup-postgres:15 instead (Debian's PostgreSQL 15, for
#                                          scripts/cluster.sh and the local Kubernetes overlay; never for production)
#   scripts/build-image.sh --refresh-base  build the base root filesystem again (new Debian security updates)
#
# The Containerfile's base defaults to a registry's JRE 17 image; no registry is reachable here, so this script builds
# the base itself: a Debian bookworm minbase with openjdk-17-jre-headless and ca-certificates (mmdebstrap, from
# Debian's packages), imported as localhost/cleanup-service-base:bookworm-jre17. The root filesystem is cached in
# ${CLEANUP_IMAGE_CACHE:-~/.cache/cleanup-service}, the imported base and every layer in podman's store, so a rebuild
# only copies what changed (the application jar, usually). Installs podman, runc and mmdebstrap when missing
# (scripts/install-test-tools.sh --containers). Prints the image's name and size.
set -euo pipefail
cd "$(dirname "$0")/.."

package=true
postgres=false
refresh_base=false
for arg in "$@"; do
  case $arg in
    --no-package) package=false ;;
    --postgres) postgres=true ;;
    --refresh-base) refresh_base=true ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "build-image: unknown option $arg (see --help)" >&2; exit 2 ;;
  esac
done

scripts/install-test-tools.sh --containers

cache=${CLEANUP_IMAGE_CACHE:-$HOME/.cache/cleanup-service}
mkdir -p "$cache"
mirrors=("deb http://deb.debian.org/debian bookworm main"
         "deb http://deb.debian.org/debian bookworm-updates main"
         "deb http://deb.debian.org/debian-security bookworm-security main")

# rootfs NAME PACKAGES [HOOK...]: a cached Debian bookworm minbase root filesystem with PACKAGES, as a tar
rootfs() {
  local name=$1 packages=$2 tar="$cache/$1.tar"
  shift 2
  if [[ -s $tar ]] && ! $refresh_base; then
    echo "$tar"
    return
  fi
  echo "build-image: building the $name root filesystem with mmdebstrap (about a minute)" >&2
  # documentation, manual pages and translations are left out; update-alternatives still wants man1 to exist.
  # The hooks' "$1" is mmdebstrap's (the root filesystem being built), hence single quotes.
  # shellcheck disable=SC2016
  mmdebstrap --quiet --variant=minbase --format=tar --include="$packages" \
    --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/man/*' \
    --dpkgopt='path-exclude=/usr/share/locale/*' --essential-hook='mkdir -p "$1/usr/share/man/man1"' \
    "$@" bookworm "$tar.partial" "${mirrors[@]}" >&2
  mv "$tar.partial" "$tar"
  echo "$tar"
}

# base IMAGE ROOTFS-NAME PACKAGES [HOOK...]: IMAGE in podman's store, imported from the cached root filesystem
base() {
  local image=$1
  shift
  if podman image exists "$image" && ! $refresh_base; then
    return
  fi
  local tar
  tar=$(rootfs "$@")
  podman import --quiet \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV LANG=C.UTF-8' \
    --change 'CMD ["/bin/sh"]' \
    "$tar" "$image" >/dev/null
}

build() { # build PODMAN-BUILD-ARGUMENTS...: podman build, offline, with its layer cache
  local started=$SECONDS
  podman build --quiet --network=none --pull=never --layers "$@" >/dev/null
  echo "build-image: built in $((SECONDS - started)) s" >&2
}

summary() {
  local image=$1
  local size
  size=$(podman image inspect --format '{{.Size}}' "$image")
  echo "$image: $((size / 1000000)) MB, $(podman image inspect --format '{{len .RootFS.Layers}}' "$image") layers"
}

if $postgres; then
  # no cluster created by the package: the image's entrypoint makes its own in $PGDATA
  # shellcheck disable=SC2016
  base localhost/cleanup-postgres-base:bookworm-15 bookworm-postgresql-15 postgresql-15 \
    --customize-hook='rm -rf "$1"/var/lib/postgresql/15/main "$1"/etc/postgresql/15/main'
  build --build-arg BASE_IMAGE=localhost/cleanup-postgres-base:bookworm-15 \
    -t localhost/cleanup-postgres:15 -f deploy/postgres/Containerfile deploy/postgres
  summary localhost/cleanup-postgres:15
  exit 0
fi

if $package; then
  mvn -q -DskipTests package
fi
[[ -s target/cleanup-service.jar && -d target/lib ]] || {
  echo "build-image: target/cleanup-service.jar or target/lib/ is missing: run mvn -DskipTests package (or drop --no-package)" >&2
  exit 1
}

version=$(sed -n 's:^  <version>\(.*\)</version>$:\1:p' pom.xml | head -1)
revision=$(git rev-parse HEAD 2>/dev/null || echo unknown)
if [[ $revision != unknown ]] && [[ -n $(git status --porcelain 2>/dev/null) ]]; then
  revision="$revision-dirty"
fi
source_url=$(git config --get remote.origin.url 2>/dev/null || echo unknown)

base localhost/cleanup-service-base:bookworm-jre17 bookworm-jre17 openjdk-17-jre-headless,ca-certificates
build -f Containerfile \
  --build-arg BASE_IMAGE=localhost/cleanup-service-base:bookworm-jre17 \
  --build-arg VERSION="$version" --build-arg REVISION="$revision" --build-arg SOURCE="$source_url" \
  -t "localhost/cleanup-service:$version" -t localhost/cleanup-service:latest .
summary "localhost/cleanup-service:$version"
