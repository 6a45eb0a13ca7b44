#!/usr/bin/env bash
# A local cluster of the service in containers: PostgreSQL 15, the standalone IBM Cloud simulator and N replicas of
# the service's image, every replica on the one database, in ibmcloud mode pointed at the simulator.
#
#   scripts/cluster.sh up [--replicas N] [--lease-ms MS]   start it (N: 3 by default); refused while one is up
#   scripts/cluster.sh status                              what runs, and whether each replica is ready
#   scripts/cluster.sh down                                remove every container, volume and secret it made
#
#   replica i (1-based)  container cleanup-replica-i, API on http://127.0.0.1:$((18080 + i)) (no token: loopback only)
#   simulator            container cleanup-simulator, http://127.0.0.1:18089 (admin API under /sim/)
#   PostgreSQL           container cleanup-postgres, 127.0.0.1:15432, database and user cleanup
#   inbox                volume cleanup-cluster-data at /app/data of every replica: drop batch files into its inbox/
#                        (`status` prints where it is on this machine)
#
# Every container runs on the host's network, bound to 127.0.0.1, as the image's non-root user with a read-only root
# filesystem and no capabilities; the replicas get 1 GiB of memory each and 30 s to stop (as the Kubernetes
# manifests). The database password and the IBM API key are podman secrets, made afresh at each `up`.
# --lease-ms sets cleanup.lease.ms (90000, the service's default; renewal every third of it): how long a replica
# that died keeps its runs and claims before another takes them over.
#
# Builds the images when they are missing (scripts/build-image.sh, and --postgres) and installs podman when it is.
set -euo pipefail
cd "$(dirname "$0")/.."

image=${CLEANUP_IMAGE:-localhost/cleanup-service:latest}
postgres_image=localhost/cleanup-postgres:15
label=io.cleanup-service.cluster=local
data_volume=cleanup-cluster-data
postgres_volume=cleanup-cluster-postgres
db_secret=cleanup-cluster-db-password
key_secret=cleanup-cluster-ibm-api-key
postgres_port=15432
simulator_url=http://127.0.0.1:18089

usage() {
  sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
}

replica_port() { echo $((18080 + $1)); }

# containers of the cluster, by name (those this script labelled)
members() {
  podman ps -a --filter "label=$label" --format '{{.Names}}' | sort -V
}

wait_for() { # wait_for CONTAINER TIMEOUT COMMAND...: until COMMAND succeeds, while CONTAINER runs
  local container=$1 timeout=$2 deadline
  shift 2
  deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    if [[ $(podman inspect --format '{{.State.Running}}' "$container") != true ]]; then
      echo "cluster: $container stopped; its last lines:" >&2
      podman logs --tail 30 "$container" >&2
      return 1
    fi
    if ((SECONDS > deadline)); then
      echo "cluster: $container not ready within $timeout s" >&2
      return 1
    fi
    sleep 1
  done
}

answers_200() { [[ $(curl -s -o /dev/null -m 5 -w '%{http_code}' "$1") == 200 ]]; }

container_flags=(--network=host --read-only --cap-drop=all --security-opt=no-new-privileges --label "$label")

up() {
  local replicas=3 lease_ms=90000
  while (($#)); do
    case $1 in
      --replicas) replicas=${2:?--replicas needs a number}; shift 2 ;;
      --lease-ms) lease_ms=${2:?--lease-ms needs milliseconds}; shift 2 ;;
      *) echo "cluster: unknown option $1" >&2; usage >&2; exit 2 ;;
    esac
  done
  if ! [[ $replicas =~ ^[1-8]$ ]]; then
    echo "cluster: --replicas takes 1 to 8 (ports 18081-18088; 18089 is the simulator's)" >&2
    exit 2
  fi
  if ! [[ $lease_ms =~ ^[0-9]+$ ]] || ((lease_ms < 3000)); then
    echo "cluster: --lease-ms takes 3000 or more" >&2
    exit 2
  fi
  if [[ -n $(members) ]]; then
    echo "cluster: already up (scripts/cluster.sh status; scripts/cluster.sh down first)" >&2
    exit 1
  fi
  scripts/install-test-tools.sh --containers
  podman image exists "$image" || scripts/build-image.sh
  podman image exists "$postgres_image" || scripts/build-image.sh --postgres
  local started=$SECONDS

  remove_secrets
  head -c 24 /dev/urandom | base64 | tr -d '/+=' | podman secret create "$db_secret" - >/dev/null
  local api_key
  api_key=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')
  printf '%s' "$api_key" | podman secret create "$key_secret" - >/dev/null
  podman volume create --label "$label" "$data_volume" >/dev/null
  podman volume create --label "$label" "$postgres_volume" >/dev/null

  podman run -d --name cleanup-postgres "${container_flags[@]}" --tmpfs /tmp --tmpfs /run \
    -v "$postgres_volume:/var/lib/postgresql/data" \
    -e POSTGRES_USER=cleanup -e POSTGRES_DB=cleanup --secret "$db_secret,type=env,target=POSTGRES_PASSWORD" \
    "$postgres_image" -c listen_addresses=127.0.0.1 -p "$postgres_port" -c max_connections=200 >/dev/null
  # the simulator accepts the cluster's API key only, as IAM would
  podman run -d --name cleanup-simulator "${container_flags[@]}" --tmpfs /tmp --memory=512m \
    "$image" com.cleanupservice.simulator.SimulatorMain --host 127.0.0.1 --port 18089 --bare-metal-delete-ms 2000 \
    --api-key "$api_key" >/dev/null
  wait_for cleanup-postgres 60 podman exec cleanup-postgres pg_isready -q -h 127.0.0.1 -p "$postgres_port"

  # every replica at once, on a database none has migrated yet: Flyway's lock lets one migrate while the others wait
  local i
  for ((i = 1; i <= replicas; i++)); do
    podman run -d --name "cleanup-replica-$i" "${container_flags[@]}" \
      --tmpfs /tmp --memory=1g --stop-timeout=30 -v "$data_volume:/app/data" \
      -e CLEANUP_MODE=ibmcloud -e CLEANUP_INSTANCE_ID="cleanup-replica-$i" \
      -e CLEANUP_HTTP_HOST=127.0.0.1 -e CLEANUP_HTTP_PORT="$(replica_port "$i")" \
      -e CLEANUP_DB_URL="jdbc:postgresql://127.0.0.1:$postgres_port/cleanup" -e CLEANUP_DB_USER=cleanup \
      --secret "$db_secret,type=env,target=CLEANUP_DB_PASSWORD" \
      -e CLEANUP_IBM_VPC_URL="$simulator_url/v1" -e CLEANUP_IBM_DNS_URL="$simulator_url/v1" \
      -e CLEANUP_IBM_IAM_URL="$simulator_url" --secret "$key_secret,type=env,target=CLEANUP_IBM_API_KEY" \
      -e CLEANUP_WAIT_POLL_INTERVAL_MS=1000 \
      -e CLEANUP_LEASE_MS="$lease_ms" -e CLEANUP_LEASE_RENEW_INTERVAL_MS=$((lease_ms / 3)) \
      "$image" >/dev/null
  done
  wait_for cleanup-simulator 60 answers_200 "$simulator_url/sim/config"
  for ((i = 1; i <= replicas; i++)); do
    wait_for "cleanup-replica-$i" 240 answers_200 "http://127.0.0.1:$(replica_port "$i")/observe/health/ready"
  done
  echo "cluster: up in $((SECONDS - started)) s"
  status
}

status() {
  local names
  names=$(members)
  if [[ -z $names ]]; then
    echo "cluster: not up"
    return 0
  fi
  local name state ready
  for name in $names; do
    state=$(podman inspect --format '{{.State.Status}}' "$name")
    case $name in
      cleanup-replica-*)
        ready=DOWN
        answers_200 "http://127.0.0.1:$(replica_port "${name#cleanup-replica-}")/observe/health/ready" && ready=ready
        printf '%-20s %-8s http://127.0.0.1:%s  %s\n' "$name" "$state" "$(replica_port "${name#cleanup-replica-}")" "$ready" ;;
      cleanup-simulator) printf '%-20s %-8s %s\n' "$name" "$state" "$simulator_url" ;;
      cleanup-postgres) printf '%-20s %-8s 127.0.0.1:%s (database cleanup)\n' "$name" "$state" "$postgres_port" ;;
    esac
  done
  if podman volume exists "$data_volume"; then
    echo "inbox: $(podman volume inspect --format '{{.Mountpoint}}' "$data_volume")/inbox"
  fi
}

remove_secrets() {
  local secret
  for secret in "$db_secret" "$key_secret"; do
    if podman secret inspect "$secret" >/dev/null 2>&1; then podman secret rm "$secret" >/dev/null; fi
  done
}

down() {
  local names
  names=$(members)
  if [[ -n $names ]]; then
    # shellcheck disable=SC2086
    podman rm -f -t 5 $names >/dev/null
  fi
  local volume
  for volume in $(podman volume ls --filter "label=$label" --format '{{.Name}}'); do
    podman volume rm -f "$volume" >/dev/null
  done
  remove_secrets
  echo "cluster: down (no container, volume or secret of it left; it makes no network: every container is on the host's)"
}

command=${1:-}
(($#)) && shift
case $command in
  up) up "$@" ;;
  status) status ;;
  down) down ;;
  -h | --help) usage ;;
  *) usage >&2; exit 2 ;;
esac
