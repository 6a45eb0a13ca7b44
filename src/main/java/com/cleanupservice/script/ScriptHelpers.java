package com.cleanupservice.script;

/**
 * The generic part of every generated script: the session check, delete-if-present and the bounded wait at the end
 * of a step. Commands arrive as arguments (already quoted by the generator), so nothing here ever evaluates a value.
 * A resource counts as gone only when the CLI was seen saying so; any answer the script cannot read that way stops it.
 */
final class ScriptHelpers {
    static final String FUNCTIONS = """
            # ---- helpers ----
            STEP=""
            # the current step's resources, each as: its label, its show command's word count, then those words
            PENDING=()
            # resources of the current step; resources seen deleted or seen not found in finished steps
            STEP_SIZE=0
            SEEN_GONE=0
            # how many resources of the current step the last check found still present
            REMAINING=0

            fail() {
              printf '✗ %s\\n' "$1" >&2
              exit "${2:-1}"
            }

            require_setting() {
              if [[ -z "${!1:-}" ]]; then
                fail "$1 is not set but commands below need it (export $1=...)" 2
              fi
            }

            # printable TEXT: TEXT with every control character but newline and tab written as \\xNN (C1 ones as UTF-8 encodes
            # them), so nothing the CLI prints can clear, move or recolour the terminal or overwrite this script's own lines
            printable() {
              local LC_ALL=C text="$1" code hex char
              for code in {1..8} {11..31} 127; do
                printf -v hex '%02x' "$code"
                printf -v char '%b' "\\\\x$hex"
                text="${text//"$char"/\\\\x$hex}"
              done
              for code in {128..159}; do
                printf -v hex '%02x' "$code"
                printf -v char '%b' "\\\\xc2\\\\x$hex"
                text="${text//"$char"/\\\\x$hex}"
              done
              printf '%s' "$text"
            }

            # said OUTPUT: what a CLI call printed, made printable and indented under the message that quotes it
            said() {
              local text
              text="$(printable "${1:-(no output)}")"
              printf '    %s' "${text//$'\\n'/$'\\n'    }"
            }

            # not_found OUTPUT: whether a failed CLI call says the resource does not exist: an API error code ending in
            # not_found (bare_metal_server_not_found, not_found, ...) or an HTTP 404. Nothing else means gone.
            not_found() {
              local text="${1,,}"
              local code='(^|[^a-z0-9_])[a-z0-9_]*not_found([^a-z0-9_]|$)'
              local status='(status|code|http|error)[^a-z0-9]{0,12}404([^0-9]|$)|(^|[^0-9])404[[:space:]]+not[[:space:]]+found'
              [[ $text =~ $code || $text =~ $status ]]
            }

            # check_session: before anything is deleted, the CLI must have a session that targets REGION. Without one every show
            # fails, and in another region every resource looks gone.
            check_session() {
              local out rc=0 line targeted=""
              out="$("$IBMCLOUD" target </dev/null 2>&1)" || rc=$?
              if (( rc != 0 )) || [[ $out == *"Not logged in"* ]]; then
                fail "ibmcloud is not logged in (or does not work): run 'ibmcloud login', then 'ibmcloud target -r $REGION' ('$(printable "$IBMCLOUD") target' exited $rc). It said:
            $(said "$out")" 2
              fi
              while IFS= read -r line; do
                # colours, should the CLI use them, are not part of the value
                while [[ $line =~ $'\\e'\\[[0-9\\;]*[A-Za-z] ]]; do
                  line="${line/"${BASH_REMATCH[0]}"/}"
                done
                if [[ $line =~ ^[[:space:]]*Region:[[:space:]]*([^[:space:]]*) ]]; then
                  targeted="${BASH_REMATCH[1]}"
                  break
                fi
              done <<<"$out"
              if [[ -z $targeted || $targeted == "No" ]]; then
                fail "ibmcloud targets no region: run 'ibmcloud target -r $REGION'" 2
              fi
              if [[ $targeted != "$REGION" ]]; then
                fail "ibmcloud targets region $(printable "$targeted") but these resources are in $REGION: run 'ibmcloud target -r $REGION' (or set REGION=... if they are elsewhere)" 2
              fi
            }

            begin_step() {
              STEP="$1"
              PENDING=()
              STEP_SIZE=0
              printf '\\n== %s\\n' "$STEP"
            }

            # exists LABEL SHOW_WORD...: 0 while the show command finds the resource, 1 once the CLI says it was not found. Any
            # other failure (no session, 403, 500, a CLI that cannot run) says nothing about the resource: the script stops.
            exists() {
              local label="$1" out rc=0
              shift
              out="$("$IBMCLOUD" "$@" </dev/null 2>&1)" || rc=$?
              if (( rc == 0 )); then
                return 0
              fi
              if not_found "$out"; then
                return 1
              fi
              fail "cannot tell whether $label is gone: 'ibmcloud $(printable "$*")' failed (exit $rc) without saying it was not found; stopped, nothing that depends on it was touched. The CLI said:
            $(said "$out")"
            }

            # delete_if_present LABEL N SHOW_WORD... DELETE_WORD...: the N words after N are the show command, the rest
            # the delete command (each without the leading ibmcloud). Deletes only what the show command still finds.
            delete_if_present() {
              local label="$1" n="$2" out rc=0
              shift 2
              local show=("${@:1:n}") delete=("${@:n+1}")
              PENDING+=("$label" "$n" "${show[@]}")
              STEP_SIZE=$((STEP_SIZE + 1))
              if ! exists "$label" "${show[@]}"; then
                printf '· already gone: %s\\n' "$label"
                return 0
              fi
              out="$("$IBMCLOUD" "${delete[@]}" </dev/null 2>&1)" || rc=$?
              if (( rc == 0 )); then
                printf '✓ Deleted %s\\n' "$label"
              elif exists "$label" "${show[@]}"; then
                fail "could not delete $label: 'ibmcloud $(printable "${delete[*]}")' failed (exit $rc); nothing that depends on it was touched. The CLI said:
            $(said "$out")"
              else
                printf '· already gone: %s\\n' "$label"
              fi
            }

            # count_present: REMAINING, how many resources of the current step the show commands still find
            count_present() {
              local i=0 n
              REMAINING=0
              while (( i < ${#PENDING[@]} )); do
                n="${PENDING[i+1]}"
                if exists "${PENDING[i]}" "${PENDING[@]:i+2:n}"; then
                  REMAINING=$((REMAINING + 1))
                fi
                i=$((i + n + 2))
              done
            }

            # wait_until_gone: polls every POLL_SECONDS until the step's resources are gone, for WAIT_TIMEOUT_SECONDS at most
            wait_until_gone() {
              local deadline=$((SECONDS + WAIT_TIMEOUT_SECONDS))
              while true; do
                count_present
                if (( REMAINING == 0 )); then
                  SEEN_GONE=$((SEEN_GONE + STEP_SIZE))
                  printf '✓ %s: all gone\\n' "$STEP"
                  return 0
                fi
                if (( SECONDS >= deadline )); then
                  fail "$STEP: $REMAINING resource(s) still present after ${WAIT_TIMEOUT_SECONDS}s; stopped before the next step (run this script again later)"
                fi
                printf '… %s: waiting for %s resource(s) to go\\n' "$STEP" "$REMAINING"
                sleep "$POLL_SECONDS"
              done
            }

            # finish TOTAL TARGET: success only when each of the TOTAL resources was seen deleted or seen not found
            finish() {
              if (( SEEN_GONE != $1 )); then
                fail "only $SEEN_GONE of $1 resource(s) were seen gone"
              fi
              printf '\\n✓ Done: every tracked resource of %s is gone.\\n' "$2"
            }
            """;

    private ScriptHelpers() {
    }
}
