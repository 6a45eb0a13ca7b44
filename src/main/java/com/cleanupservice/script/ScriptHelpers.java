package com.cleanupservice.script;

/**
 * The generic part of every generated script: its one argument ({@code --yes}), the session check, each place's
 * target and its check (account and region as {@code ibmcloud target} shows them), the typed
 * confirmation, delete-if-present, the bounded wait at the end of a step, and the report back to the service. Commands arrive as arguments (already quoted by the generator), so nothing here ever evaluates a value.
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
            # --yes: no typed confirmation; resources this run deleted; how to tell the service (set before the first delete)
            ASSUME_YES=0
            DELETED=0
            RECONCILE_HINT=""
            TOKEN_STATE=none
            # the place the current block deletes in, and what 'ibmcloud target' last showed
            PLACE=""
            TARGET_REGION=""
            TARGET_ACCOUNT=""

            fail() {
              printf '✗ %s\\n' "$1" >&2
              if (( DELETED > 0 )) && [[ -n $RECONCILE_HINT ]]; then
                printf '  %s resource(s) were deleted before it stopped; the service lists them as PRESENT until told: %s\\n' \
                  "$DELETED" "$RECONCILE_HINT" >&2
              fi
              exit "${2:-1}"
            }

            # parse_args ARG...: the one argument there is, --yes (-y): no typed confirmation (unattended runs)
            parse_args() {
              local arg
              for arg in "$@"; do
                case "$arg" in
                  --yes | -y) ASSUME_YES=1 ;;
                  --help | -h)
                    printf 'Usage: %s [--yes]\\n  --yes, -y  delete without the typed confirmation (unattended runs)\\n' "$(printable "${0##*/}")"
                    printf 'What it deletes, and its exit status: the comments at the top of this script.\\n'
                    exit 0
                    ;;
                  *) fail "unknown argument '$(printable "$arg")' (usage: $(printable "${0##*/}") [--yes])" 2 ;;
                esac
              done
            }

            # confirm EXPECTED WHAT: the go-ahead before the first delete. --yes gives it. On a terminal the operator types
            # EXPECTED (WHAT: the node name, the deployment id); anything else, or nothing, deletes nothing (exit 2). Without a
            # terminal and without --yes nothing is deleted either: an answer is never read from a pipe, which may be this
            # very script (curl ... | bash).
            confirm() {
              local answer=""
              if (( ASSUME_YES )); then
                printf -- '--yes given: deleting without a typed confirmation.\\n'
                return 0
              fi
              if [[ ! -t 0 ]]; then
                fail "not run on a terminal and --yes not given: nothing was deleted. Run it at a terminal and type $2 to confirm, or pass --yes for an unattended run." 2
              fi
              printf 'Type %s (%s) to delete these resources; anything else aborts: ' "'$1'" "$2" >&2
              IFS= read -r answer || true
              answer="${answer#"${answer%%[![:space:]]*}"}"
              answer="${answer%"${answer##*[![:space:]]}"}"
              if [[ "$answer" != "$1" ]]; then
                fail "confirmation '$(printable "$answer")' does not match '$1': nothing was deleted." 2
              fi
              printf 'Confirmed.\\n'
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

            # read_target: what 'ibmcloud target' prints, and nothing else, as TARGET_REGION and TARGET_ACCOUNT (the IBM account id
            # in parentheses on its Account: line, "Account:   Name (0123abc...) <-> 1234567"); either empty when none is shown.
            # Not logged in, or a CLI that does not work: exit 2.
            read_target() {
              local out rc=0 line
              TARGET_REGION=""
              TARGET_ACCOUNT=""
              out="$("$IBMCLOUD" target </dev/null 2>&1)" || rc=$?
              if (( rc != 0 )) || [[ $out == *"Not logged in"* ]]; then
                fail "ibmcloud is not logged in (or does not work): run 'ibmcloud login' ('$(printable "$IBMCLOUD") target' exited $rc). It said:
            $(said "$out")" 2
              fi
              while IFS= read -r line; do
                # colours, should the CLI use them, are not part of the value
                while [[ $line =~ $'\\e'\\[[0-9\\;]*[A-Za-z] ]]; do
                  line="${line/"${BASH_REMATCH[0]}"/}"
                done
                if [[ -z $TARGET_REGION && $line =~ ^[[:space:]]*Region:[[:space:]]*([^[:space:]]*) ]]; then
                  TARGET_REGION="${BASH_REMATCH[1]}"
                  if [[ $TARGET_REGION == "No" ]]; then TARGET_REGION=""; fi
                elif [[ -z $TARGET_ACCOUNT && $line =~ ^[[:space:]]*Account:.*\\(([A-Za-z0-9]+)\\) ]]; then
                  TARGET_ACCOUNT="${BASH_REMATCH[1]}"
                fi
              done <<<"$out"
            }

            # check_session: before anything is asked or deleted, the CLI must have a session (each place's block targets its
            # own account and region later, and checks them)
            check_session() {
              read_target
            }

            # target_place NAME ACCOUNT_ID REGION: the start of a place's block. Switches the CLI to the IBM account
            # ACCOUNT_ID (empty: its id is not configured, the account is neither switched nor checked) and REGION (empty:
            # a global block, DNS only), then reads 'ibmcloud target' and stops (exit 2) before any delete of the block
            # unless it shows exactly them: a resource looked up in another account or region is "not found" there.
            target_place() {
              local name="$1" id="$2" region="$3" out rc=0
              local args=(target)
              if [[ -n $id ]]; then args+=(-c "$id"); fi
              if [[ -n $region ]]; then args+=(-r "$region"); fi
              PLACE="account $name${id:+ ($id)}${region:+, region $region}"
              printf '\\n=== %s\\n' "$PLACE"
              if (( ${#args[@]} > 1 )); then
                out="$("$IBMCLOUD" "${args[@]}" </dev/null 2>&1)" || rc=$?
                if (( rc != 0 )) || [[ $out == *FAILED* ]]; then
                  fail "could not target $PLACE: 'ibmcloud $(printable "${args[*]}")' failed (exit $rc); nothing was deleted there. The CLI said:
            $(said "$out")" 2
                fi
              fi
              read_target
              if [[ -n $region && $TARGET_REGION != "$region" ]]; then
                fail "after 'ibmcloud $(printable "${args[*]}")', the CLI's session targets ${TARGET_REGION:+region }$(printable "${TARGET_REGION:-no region}"), not $region: stopped before deleting anything in $PLACE" 2
              fi
              if [[ -n $id && $TARGET_ACCOUNT != "$id" ]]; then
                fail "after 'ibmcloud $(printable "${args[*]}")', the CLI's session targets ${TARGET_ACCOUNT:+account }$(printable "${TARGET_ACCOUNT:-no account}"), not $id ($name): stopped before deleting anything in $PLACE" 2
              fi
              if [[ -z $id ]]; then
                printf '! the IBM account id of account %s is not configured: the account was not checked\\n' "$name" >&2
              fi
              printf '✓ the CLI targets %s\\n' "$PLACE"
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
                DELETED=$((DELETED + 1))
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

            # auth_config: a curl config holding the bearer token, which curl reads from a pipe: the token is never on a
            # command line, in this file or in xtrace output
            auth_config() {
              local xtrace=0 t
              if [[ $- == *x* ]]; then xtrace=1; set +x; fi
              t="${CLEANUP_API_TOKEN//\\\\/\\\\\\\\}"
              t="${t//\\"/\\\\\\"}"
              printf 'header = "Authorization: Bearer %s"\\n' "$t"
              if (( xtrace )); then set -x; fi
            }

            # token_state: TOKEN_STATE, whether CLEANUP_API_TOKEN is unset ("none"), usable ("given") or holds a control
            # character ("bad"), decided without xtrace showing the token
            token_state() {
              local xtrace=0
              if [[ $- == *x* ]]; then xtrace=1; set +x; fi
              TOKEN_STATE=none
              if [[ -n "${CLEANUP_API_TOKEN:-}" ]]; then
                TOKEN_STATE=given
                if [[ $CLEANUP_API_TOKEN == *[[:cntrl:]]* ]]; then TOKEN_STATE=bad; fi
              fi
              if (( xtrace )); then set -x; fi
            }

            # json_text JSON KEY: the first string value of KEY in the service's answer (as written there), for a message
            json_text() {
              local re='"'"$2"'"[[:space:]]*:[[:space:]]*"(([^"\\]|\\\\.)*)"'
              if [[ $1 =~ $re ]]; then
                printf '%s' "${BASH_REMATCH[1]}"
              else
                printf '(no %s in the answer)' "$2"
              fi
            }

            # report_failed WHY: every resource is gone but the service was not told: a warning saying how to tell it, exit 3
            report_failed() {
              printf '! Every resource is gone, but the service was not told: %s\\n' "$1" >&2
              printf '  Its ledger says PRESENT for them (drift reports them missing) until it is. Tell it with:\\n    %s\\n' \
                "$RECONCILE_HINT" >&2
              printf '  or run this script again once the service can be reached: it finds everything gone and reports again.\\n' >&2
              exit 3
            }

            # report_back PATH BODY: once everything was seen gone, tells the service (CLEANUP_URL) which ids this script
            # deleted or found gone; it marks GONE those IBM Cloud answers 404 for, and nothing else. Without CLEANUP_URL it
            # prints the command that does it. A report that fails is exit 3 with a warning: neither a silent success nor a
            # failed cleanup.
            report_back() {
              local url out rc=0 status answer
              if [[ -z "${CLEANUP_URL:-}" ]]; then
                printf '\\nThe service still lists these resources as PRESENT. To have it look them up in IBM Cloud and mark them GONE:\\n'
                printf '  %s\\n(or run this script again with CLEANUP_URL set to the service: it reports by itself)\\n' "$RECONCILE_HINT"
                return 0
              fi
              url="${CLEANUP_URL%/}"
              url="${url%/api/cleanup}$1"
              if [[ ! $url =~ ^https?:// ]]; then
                report_failed "CLEANUP_URL must start with http:// or https://, not '$(printable "$CLEANUP_URL")'"
              fi
              if ! command -v curl >/dev/null 2>&1; then
                report_failed "curl is not installed"
              fi
              local args=(-sS -X POST -H 'Content-Type: application/json' -H 'Accept: application/json' --data-binary @-
                --connect-timeout 10 --max-time "${REPORT_TIMEOUT_SECONDS:-900}" -w '\\n%{http_code}')
              token_state
              case $TOKEN_STATE in
                bad) report_failed "CLEANUP_API_TOKEN holds a control character" ;;
                given) out="$(printf '%s' "$2" | curl "${args[@]}" -K <(auth_config) "$url" 2>&1)" || rc=$? ;;
                *) out="$(printf '%s' "$2" | curl "${args[@]}" "$url" 2>&1)" || rc=$? ;;
              esac
              if (( rc != 0 )); then
                report_failed "curl could not reach $(printable "$url") (exit $rc). It said:
            $(said "$out")"
              fi
              status="${out##*$'\\n'}"
              answer="${out%$'\\n'*}"
              if [[ $status == 200 && $answer =~ \\"all_gone\\"[[:space:]]*:[[:space:]]*true ]]; then
                printf '✓ Reported to the service: %s\\n' "$(printable "$(json_text "$answer" message)")"
                return 0
              fi
              if [[ $status == 200 ]]; then
                report_failed "it looked the ids up in IBM Cloud and could not mark all of them GONE: $(printable "$(json_text "$answer" message)")"
              fi
              report_failed "it answered HTTP $(printable "$status"): $(printable "$(json_text "$answer" error)")"
            }
            """;

    private ScriptHelpers() {
    }
}
