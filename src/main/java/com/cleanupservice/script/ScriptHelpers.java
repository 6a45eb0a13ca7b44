package com.cleanupservice.script;

/**
 * The generic part of every generated script: delete-if-present and the bounded wait at the end of a step. Commands
 * arrive as arguments (already quoted by the generator), so nothing here ever evaluates a value.
 */
final class ScriptHelpers {
    static final String FUNCTIONS = """
            # ---- helpers ----
            STEP=""
            # the show commands of the current step's resources, each as: its word count, then its words
            PENDING=()

            fail() {
              printf '✗ %s\\n' "$1" >&2
              exit "${2:-1}"
            }

            require_setting() {
              if [[ -z "${!1:-}" ]]; then
                fail "$1 is not set but commands below need it (export $1=...)" 2
              fi
            }

            begin_step() {
              STEP="$1"
              PENDING=()
              printf '\\n== %s\\n' "$STEP"
            }

            # delete_if_present LABEL N SHOW_WORD... DELETE_WORD...: the N words after N are the show command, the rest
            # the delete command (each without the leading ibmcloud). Deletes only what the show command still finds.
            delete_if_present() {
              local label="$1" n="$2"
              shift 2
              local show=("${@:1:n}") delete=("${@:n+1}")
              PENDING+=("$n" "${show[@]}")
              if ! "$IBMCLOUD" "${show[@]}" >/dev/null 2>&1; then
                printf '· already gone: %s\\n' "$label"
              elif "$IBMCLOUD" "${delete[@]}"; then
                printf '✓ Deleted %s\\n' "$label"
              elif "$IBMCLOUD" "${show[@]}" >/dev/null 2>&1; then
                fail "could not delete $label (see the error above); nothing that depends on it was touched"
              else
                printf '· already gone: %s\\n' "$label"
              fi
            }

            # still_present: how many resources of the current step the show commands still find
            still_present() {
              local count=0 i=0 n
              while (( i < ${#PENDING[@]} )); do
                n="${PENDING[i]}"
                if "$IBMCLOUD" "${PENDING[@]:i+1:n}" >/dev/null 2>&1; then
                  count=$((count + 1))
                fi
                i=$((i + n + 1))
              done
              echo "$count"
            }

            # wait_until_gone: polls every POLL_SECONDS until the step's resources are gone, for WAIT_TIMEOUT_SECONDS at most
            wait_until_gone() {
              local deadline=$((SECONDS + WAIT_TIMEOUT_SECONDS)) remaining
              while true; do
                remaining="$(still_present)"
                if (( remaining == 0 )); then
                  printf '✓ %s: all gone\\n' "$STEP"
                  return 0
                fi
                if (( SECONDS >= deadline )); then
                  fail "$STEP: $remaining resource(s) still present after ${WAIT_TIMEOUT_SECONDS}s; stopped before the next step (run this script again later)"
                fi
                printf '… %s: waiting for %s resource(s) to go\\n' "$STEP" "$remaining"
                sleep "$POLL_SECONDS"
              done
            }
            """;

    private ScriptHelpers() {
    }
}
