#!/usr/bin/env bash
# shellcheck disable=SC2016  # the jq programs are single-quoted on purpose: their $names are jq variables
# cleanup-helper.sh - the operator's command line for the cleanup service's HTTP API (/api/cleanup).
#
# Every command of the seed spec (status, status-node, status-deployment, cleanup-node, cleanup-deployment, validate,
# cleanup-orphaned, batch-nodes, batch-validate, script, interactive) plus dry-run, failures, retry, runs, report, drift,
# reconcile, and saved plans (plan, apply).
# Needs curl and jq. "cleanup-helper.sh --help" lists the commands, "cleanup-helper.sh <command> --help" explains one.
#
# Exit codes: 0 success; 1 partial (HTTP 207, validation not complete, a batch with failures);
#             2 error (HTTP 4xx/5xx, service unreachable, bad usage, confirmation refused; a plan stale, expired or
#             applied already).
# Names, messages and errors from the service are printed with control characters written as \xNN (see jqr).
set -euo pipefail

PROG=${0##*/}
readonly LIVE_STATUSES=" deployed provisioning "

# ---------------------------------------------------------------------------------------------------------------
# settings (environment)
# ---------------------------------------------------------------------------------------------------------------

# CLEANUP_URL wins; the original helper's PXE_SERVER (host:port, no scheme) still works as a fallback.
base_url() {
    local url
    if [[ -n ${CLEANUP_URL:-} ]]; then
        url=$CLEANUP_URL
    elif [[ -n ${PXE_SERVER:-} ]]; then
        if [[ $PXE_SERVER == *://* ]]; then url=$PXE_SERVER; else url="http://$PXE_SERVER"; fi
    else
        url=http://localhost:8080
    fi
    url=${url%/}
    url=${url%/api/cleanup}
    printf '%s' "$url"
}

BASE=$(base_url)
API="$BASE/api/cleanup"
CONNECT_TIMEOUT=${CLEANUP_CONNECT_TIMEOUT:-10}
# a synchronous cleanup waits for bare metal servers to disappear (IBM allows up to 30 minutes)
MAX_TIME=${CLEANUP_MAX_TIME:-3600}
POLL_SECONDS=${CLEANUP_POLL_SECONDS:-1}
WAIT_SECONDS=${CLEANUP_WAIT_SECONDS:-3600}

JSON_OUT=0
ASSUME_YES=0
HINT=""
ARG=""
DEPLOYMENT=0
ACCEPT="application/json"
LIVE=""
RED="" GREEN="" YELLOW="" BOLD="" DIM="" RESET="" E_RED="" E_YELLOW="" E_RESET=""
NO_COLOR_FLAG=0
TMP=""
HTTP_STATUS=""
ANSWER=""

# ---------------------------------------------------------------------------------------------------------------
# output
# ---------------------------------------------------------------------------------------------------------------

setup_colours() {
    RED="" GREEN="" YELLOW="" BOLD="" DIM="" RESET=""
    E_RED="" E_YELLOW="" E_RESET=""
    # colour only for a terminal, never when NO_COLOR is set (https://no-color.org) or --no-color was given
    if [[ -n ${NO_COLOR+x} || $NO_COLOR_FLAG == 1 || ${TERM:-} == dumb ]]; then
        return 0
    fi
    if [[ -t 1 ]]; then
        RED=$'\e[31m' GREEN=$'\e[32m' YELLOW=$'\e[33m' BOLD=$'\e[1m' DIM=$'\e[2m' RESET=$'\e[0m'
    fi
    if [[ -t 2 ]]; then
        E_RED=$'\e[31m' E_YELLOW=$'\e[33m' E_RESET=$'\e[0m'
    fi
}

say() { printf '%s\n' "$*"; }
err() { printf '%s%s%s\n' "$E_RED" "$*" "$E_RESET" >&2; }
warn() { printf '%s%s%s\n' "$E_YELLOW" "$*" "$E_RESET" >&2; }
note() { printf '%s\n' "$*" >&2; }
die() {
    local code=$1
    shift
    err "Error: $*"
    exit "$code"
}

usage_error() {
    local cmd=$1
    shift
    err "Error: $*"
    note "Usage: $(usage_line "$cmd")"
    note "See: $PROG $cmd --help"
    exit 2
}

# Every value of the service's answers is shown through jq's "safe": a control character (C0 but newline and tab,
# DEL, C1) becomes \xNN, so a hostile node name, message or error can neither clear, move nor recolour the terminal.
# jqr applies it to every string (and key) of its input before rendering; plain applies it to text that is not JSON.
JQ_SAFE='
def hex2: "0123456789abcdef"[(. / 16 | floor):(. / 16 | floor) + 1] + "0123456789abcdef"[(. % 16):(. % 16) + 1];
def safe: if test("[\u0000-\u0008\u000b-\u001f\u007f-\u009f]")
    then gsub("(?<c>[\u0000-\u0008\u000b-\u001f\u007f-\u009f])"; "\\x" + (.c | explode[0] | hex2)) else . end;
def sanitized: if type == "string" then safe
    elif type == "object" then with_entries(.key |= safe | .value |= sanitized)
    elif type == "array" then map(sanitized) else . end;
'

# jq -r over the sanitized answer, with the colour codes and the program name available to the renderers below
jqr() {
    jq -r --arg G "$GREEN" --arg R "$RED" --arg Y "$YELLOW" --arg B "$BOLD" --arg D "$DIM" --arg Z "$RESET" \
        --arg P "$PROG" "$JQ_SAFE $JQ_DEFS sanitized | $1" "${@:2}"
}

# plain: stdin, text rather than JSON, made safe to show
plain() { jq -Rsj "$JQ_SAFE safe"; }

JQ_DEFS='
def c($c; $s): if $c == "" then $s else $c + $s + $Z end;
def okfail($ok): if $ok then c($G; "ok  ") else c($R; "FAIL") end;
def check($s): if $s == "PASS" then c($G; "PASS") elif $s == "FAIL" then c($R; "FAIL") else c($Y; $s // "?") end;
def str: if . == null then "" else tostring end;
def yn: if . then "yes" else "no" end;
def live: . == "deployed" or . == "provisioning";
def state($s): if $s == "completed" then c($G; $s) elif $s == "partial" then c($Y; $s)
    elif $s == "failed" then c($R; $s) else $s end;
def rate: if .success_rate then .success_rate
    elif (.total_operations // 0) > 0 then "\((.successful_operations // 0) * 1000 / .total_operations | floor / 10)%"
    else "n/a" end;
def summary_line: "Summary: \(.successful_operations // 0) of \(.total_operations // 0) operation(s) successful, success rate \(rate)";
def op_line: "    \(okfail(.success)) \(.type // "operation") \(.resource_name // .resource_id // "")"
    + (if .outcome then " [\(.outcome)]" else "" end)
    + (if .success then "" elif .error then ": \(.error)" elif .message then ": \(.message)" else "" end);
def groups: (.details // .partial_results // []);
def node_report:
    (.message // "Cleanup finished"),
    ("Node \(.node_name // "?")" + (if .node_id then " (id \(.node_id))" else "" end)
        + (if .node_status then ", status now \(.node_status)" else "" end)
        + (if .run_id then ", run \(.run_id)" else "" end)),
    (groups[] | "  \(.resource_type):", (.operations // [] | .[] | op_line)),
    (if .error then c($R; "Error: \(.error | str)") else empty end),
    (if .retried_failure_id then "Retried failure #\(.retried_failure_id): now \(.failure_status // "?")" else empty end),
    (if .summary then (.summary | summary_line) else empty end),
    (if (.failed_operations // 0) > 0 then
        "See the failures with: \($P) failures --node \(.node_name // "?"); retry one with: \($P) retry <id>"
     else empty end);
def node_brief: if .result.summary then
        " \(.result.summary.successful_operations // 0)/\(.result.summary.total_operations // 0) operation(s), \(.result.summary | rate)"
    elif .error then ": \(.error)" elif .result.error then ": \(.result.error)" else "" end;
def deployment_report:
    (.message // "Deployment cleanup finished"),
    ("Deployment \(.deployment_id // "?")" + (if .nodes_cleaned != null then ", \(.nodes_cleaned) node(s) cleaned" else "" end)
        + (if .run_id then ", run \(.run_id)" else "" end)),
    ((.results // .partial_results // [])[] |
        if .resource_type == "cluster" then
            "  \(okfail(.success)) cluster-level resources",
            ((.result.details // [])[] | .operations // [] | .[] | select(.success | not) | op_line)
        else
            "  \(okfail(.success)) \(.node_name // .node_id // "?")" + node_brief,
            ((.result | groups)[] | .operations // [] | .[] | select(.success | not) | op_line)
        end),
    (if .error then c($R; "Error: \(.error | str)") else empty end),
    (if .summary then (.summary | summary_line) else empty end),
    (if (.failed_operations // 0) > 0 then
        "See the failures with: \($P) failures --deployment \(.deployment_id // "?")" else empty end);
def plan_lines: if ((.lanes // []) | length) == 0 then "  nothing left to delete" else
    (.lanes | to_entries[] | "  Lane \(.key + 1): \(.value.lane)",
        (.value.steps[] | "    Step \(.step)" + (if .parallel then " (in parallel)" else "" end) + ":",
            (.operations[] | "      - \(.type) \(.resource_name // "") (\(.resource_id))\(if .account then " in " + .account + (if .region then "/" + .region else "" end) else "" end)",
                (if .request then c($D; "          \(.request)") else empty end))))
    end;
def dry_node:
    (.message // "Dry run"),
    (if .warning then c($Y; "Warning: \(.warning)") else empty end),
    ("Node \(.node_name // "?")" + (if .node_id then " (id \(.node_id))" else "" end)
        + (if .current_status then ", status \(.current_status)" else "" end)
        + ", \(.plan.total_operations // 0) deletion(s) planned"),
    (.plan | plan_lines);
def plan_saved:
    "Plan \(.short_id) (\(.plan_id)) of \(.target.kind) \(.target.node_name // .target.deployment_id // ((.target.node_names // []) | join(", ")))"
        + (if .target.force then " (forced)" else "" end) + ": \(.resource_count) resource(s)",
    "  digest \(.digest)",
    "  saved \(.created_at) by \(.requested_by), expires \(.expires_at), \(.state)"
        + (if .applied_run_id then " by run \(.applied_run_id)" else "" end),
    (.resources | to_entries[] | "  \(.key + 1). \(.value.resource_type) \(.value.resource_name // "") (\(.value.resource_id))"
        + " of \(.value.node_name // ("deployment " + (.value.deployment_id // "?")))"
        + (if .value.blocked then c($Y; " blocked: \(.value.blocked)") else "" end));
def plan_applied:
    (.message // "Plan applied"),
    ("Plan \(.plan_id // "?"), run \(.run_id // "?"), \(.planned_resources // 0) resource(s) planned"),
    ((.results // [])[] | "",
        if .kind == "deployment" and (.result.deployment_id != null) then (.result | deployment_report)
        elif .result.summary then (.result | node_report)
        else "  \(okfail(.success)) \(.kind) \(.target): HTTP \(.http_status) \(.result.error // "")" end);
def plan_changes:
    ((.rows_added // [])[] | "  added:   \(.resource_type) \(.resource_id) of \(.node_name // ("deployment " + (.deployment_id // "?"))) [\(.ledger_state)]"),
    ((.rows_removed // [])[] | "  removed: \(.resource_type) \(.resource_id) [\(.ledger_state)]"),
    ((.states_changed // [])[] | "  state:   \(.resource_type) \(.resource_id): \(.from // "-") -> \(.to // "-")"),
    ((.ownership_moved // [])[] | "  moved:   \(.resource_type) \(.resource_id): \(.from // "-") -> \(.to // "-")"),
    ((.nodes_changed // [])[] | "  node:    \(.node_id): \(.from // "-") -> \(.to // "-")");
def checks($indent): (.validation_results // [])[] | "\($indent)\(check(.status)) \(.check): \(.message // "")";
def validation_node:
    ("Validation of node \(.node_name // "?")" + (if .node_status then " (status \(.node_status))" else "" end) + ": "
        + (if .cleanup_complete then c($G; "cleanup complete") else c($R; "cleanup NOT complete") end)),
    checks("  "),
    (if .error then c($R; "Error: \(.error | str)") else empty end);
'

# ---------------------------------------------------------------------------------------------------------------
# HTTP
# ---------------------------------------------------------------------------------------------------------------

enc() { jq -rn --arg v "$1" '$v | @uri'; }

# query string from name/value pairs, empty values left out
qs() {
    local out="" k v
    while (($# >= 2)); do
        k=$1 v=$2
        shift 2
        if [[ -n $v ]]; then out+="${out:+&}$k=$(enc "$v")"; fi
    done
    if [[ -n $out ]]; then printf '?%s' "$out"; fi
}

# curl config carrying the bearer token, so the token is never on a command line (ps) nor in xtrace output
auth_config() {
    local xtrace=0 t
    if [[ $- == *x* ]]; then xtrace=1; set +x; fi
    t=${CLEANUP_API_TOKEN//\\/\\\\}
    t=${t//\"/\\\"}
    printf 'header = "Authorization: Bearer %s"\n' "$t"
    if ((xtrace)); then set -x; fi
}

# http METHOD PATH [JSON_BODY]: the answer's status in HTTP_STATUS, body in $TMP/body, headers in $TMP/headers.
# Dies (exit 2) when the service cannot be reached at all.
http() {
    local method=$1 path=$2 body=${3-} code rc=0 url
    # a path of its own under /api (saved plans: /api/plans) is the service's, not /api/cleanup's
    if [[ $path == /api/* ]]; then url=$BASE$path; else url=$API$path; fi
    local args=(-sS -X "$method" -o "$TMP/body" -D "$TMP/headers" -w '%{http_code}'
        --connect-timeout "$CONNECT_TIMEOUT" --max-time "$MAX_TIME" -H "Accept: $ACCEPT")
    if [[ -n $body ]]; then args+=(-H 'Content-Type: application/json' --data-binary @-); fi
    : >"$TMP/body"
    # the body goes on stdin; the token (if any) in a curl config read from a pipe
    if [[ -n ${CLEANUP_API_TOKEN:-} ]]; then
        code=$(printf '%s' "$body" | curl "${args[@]}" -K <(auth_config) "$url" 2>"$TMP/curl.err") || rc=$?
    else
        code=$(printf '%s' "$body" | curl "${args[@]}" "$url" 2>"$TMP/curl.err") || rc=$?
    fi
    if ((rc != 0)); then
        local why
        why=$(sed -n '1s/^curl: ([0-9]*) //p' "$TMP/curl.err")
        case $rc in
            6) die 2 "cannot resolve the host of $BASE ($why). Set CLEANUP_URL to the cleanup service." ;;
            7) die 2 "cannot reach the cleanup service at $BASE ($why). Is it running? Set CLEANUP_URL if it listens elsewhere." ;;
            28) die 2 "no answer from $BASE within the time limit ($why)." ;;
            *) die 2 "request to $BASE failed (curl exit $rc: ${why:-unknown error})." ;;
        esac
    fi
    HTTP_STATUS=$code
}

is_json() { jq -e 'type == "object"' "$TMP/body" >/dev/null 2>&1; }

# Errors (anything but 2xx) are printed with what to do next, then exit 2.
check_http() {
    case $HTTP_STATUS in 2??) return 0 ;; esac
    local msg=""
    if is_json; then
        if ((JSON_OUT)); then print_json; fi
        msg=$(jqr '.error // .message // empty | tostring' "$TMP/body")
    fi
    if [[ -z $msg ]]; then
        case $HTTP_STATUS in
            000) msg="no HTTP answer" ;;
            404) msg="not found (no such endpoint at $BASE: is CLEANUP_URL the cleanup service?)" ;;
            *)
                if [[ -s $TMP/body ]]; then
                    msg="unexpected answer: $(head -c 200 "$TMP/body" | tr -s '\n' ' ' | plain)"
                else
                    msg="empty answer"
                fi
                ;;
        esac
    fi
    err "Error: HTTP $HTTP_STATUS: $msg"
    if is_json && [[ $(jq -r '(.refused_nodes // []) | length' "$TMP/body") != 0 ]]; then
        jqr '.refused_nodes[] | "  refused: \(.node_name) (\(.current_status // "?"))"' "$TMP/body" >&2
    fi
    case $HTTP_STATUS in
        401)
            if [[ -n ${CLEANUP_API_TOKEN:-} ]]; then
                note "CLEANUP_API_TOKEN was sent but the service refused it: check its value."
            else
                note "The service requires a token: export CLEANUP_API_TOKEN (sent as 'Authorization: Bearer ...')."
            fi
            ;;
    esac
    if [[ -n ${HINT:-} ]]; then note "$HINT"; fi
    exit 2
}

# A 2xx that is not JSON means CLEANUP_URL points at something else.
require_json() {
    if ! is_json; then
        die 2 "HTTP $HTTP_STATUS from $BASE is not a JSON answer: is CLEANUP_URL the cleanup service?"
    fi
}

# 200 -> 0, 207 -> 1 (partial), any other 2xx -> 0
status_exit() {
    if [[ $HTTP_STATUS == 207 ]]; then echo 1; else echo 0; fi
}

# ASCII output: the same JSON, with every control character (C1 too, which jq would write raw) as a \u escape
print_json() { jq -a . "$TMP/body"; }

# ---------------------------------------------------------------------------------------------------------------
# node facts and the typed confirmation
# ---------------------------------------------------------------------------------------------------------------

is_live() { [[ $LIVE_STATUSES == *" $1 "* ]]; }

# node_facts ID_OR_NAME: NODE_NAME and NODE_STATUS; returns 1 when the service does not know the node.
# A name is looked up in the status; for a numeric id a dry run tells its name and status (it deletes nothing).
node_facts() {
    local id=$1
    if [[ $id =~ ^[0-9]+$ ]]; then
        http POST "/node/$(enc "$id")$(qs dry_run true)"
    else
        http GET "/status$(qs node_name "$id")"
    fi
    if [[ $HTTP_STATUS == 404 ]]; then return 1; fi
    check_http
    require_json
    NODE_NAME=$(jqr '.node_name // empty' "$TMP/body")
    NODE_STATUS=$(jqr '.current_status // empty' "$TMP/body")
    return 0
}

trim() {
    local s=$1
    s=${s#"${s%%[![:space:]]*}"}
    s=${s%"${s##*[![:space:]]}"}
    printf '%s' "$s"
}

# The operator must type EXPECTED exactly. The answer is read from stdin (the terminal, or a pipe for scripted use);
# with nothing to read (no terminal, empty stdin) the operation is refused unless --yes was given.
# confirm_typed EXPECTED WHAT [CONSEQUENCE] [UNDONE]: CONSEQUENCE is the warning (default: the deletion of WHAT's
# resources), UNDONE what is said when it is refused (default: nothing was cleaned up).
confirm_typed() {
    local expected=$1 what=$2
    local consequence=${3:-"This will delete the IBM Cloud resources of $what."} undone=${4:-"nothing was cleaned up"}
    if ((ASSUME_YES)); then
        warn "--yes given: no typed confirmation for $what."
        return 0
    fi
    if ! typed_answer "$expected" "$consequence"; then
        die 2 "no confirmation could be read (no terminal and nothing on stdin): $undone. Type it at a terminal, pipe it on stdin, or pass --yes."
    fi
    if [[ $ANSWER != "$expected" ]]; then
        die 2 "confirmation '$(plain <<<"$ANSWER")' does not match '$expected': $undone."
    fi
    note "Confirmed."
}

# typed_answer EXPECTED CONSEQUENCE: shows the warning, asks for EXPECTED and leaves the (trimmed) line in ANSWER;
# returns 1 when there is nothing to read.
typed_answer() {
    local answer=""
    ANSWER=""
    printf '%s%s%s\nType %s to confirm: ' "$E_YELLOW" "$2" "$E_RESET" "'$1'" >&2
    if ! IFS= read -r answer && [[ -z $answer ]]; then
        note ""
        return 1
    fi
    # a terminal echoes what was typed; show piped input too (as text: a pipe may carry anything)
    if [[ ! -t 0 ]]; then note "$(plain <<<"$answer")"; fi
    ANSWER=$(trim "$answer")
}

# ---------------------------------------------------------------------------------------------------------------
# asynchronous runs: a progress bar until the run is finished
# ---------------------------------------------------------------------------------------------------------------

progress_bar() {
    local pct=$1 width=30 filled bar
    if ((pct > 100)); then pct=100; fi
    filled=$((pct * width / 100))
    printf -v bar '%*s' "$filled" ''
    bar=${bar// /#}
    printf -v bar '%s%*s' "$bar" $((width - filled)) ''
    bar=${bar// /.}
    printf '[%s] %3d%%' "$bar" "$pct"
}

# follow_run RUN_ID: polls GET /runs/{id} about every POLL_SECONDS; leaves the finished run in $TMP/body
follow_run() {
    local id=$1 fd=1 tty=0 state="" done_n total pct last="" line
    local deadline=$((SECONDS + WAIT_SECONDS))
    # with --json stdout stays pure JSON: the progress goes to stderr
    if ((JSON_OUT)); then fd=2; fi
    if [[ -t $fd ]]; then tty=1; fi
    # shellcheck disable=SC2064  # the run id is fixed now
    trap "printf '\n' >&$fd; err 'Stopped following run $id; it goes on in the service: $PROG runs $id --wait'; exit 130" INT
    while :; do
        http GET "/runs/$(enc "$id")"
        HINT="The run goes on in the service: $PROG runs $id" check_http
        require_json
        IFS=$'\t' read -r state done_n total pct < <(jqr \
            '[.state // "?", .progress.done // 0, .progress.total // 0, .progress.percent // 0] | map(tostring) | @tsv' \
            "$TMP/body") || true
        if ! [[ $pct =~ ^[0-9]+$ ]]; then pct=0; fi
        # a finished run has done all it will do (the node status update is counted but not "done")
        case $state in completed | partial) pct=100 ;; esac
        line="$(progress_bar "$pct") $done_n/$total $state"
        if ((tty)); then
            printf '\r%s\e[K' "$line" >&"$fd"
        elif [[ $line != "$last" ]]; then
            printf 'progress: %s\n' "$line" >&"$fd"
        fi
        last=$line
        case $state in completed | partial | failed) break ;; esac
        if ((SECONDS >= deadline)); then
            if ((tty)); then printf '\n' >&"$fd"; fi
            die 2 "run $id is still $state after ${WAIT_SECONDS}s; follow it with: $PROG runs $id --wait"
        fi
        sleep "$POLL_SECONDS"
    done
    if ((tty)); then printf '\n' >&"$fd"; fi
    trap - INT
}

# After follow_run: the run's answer (its summary) becomes the body, its HTTP status the status.
adopt_run_result() {
    local status
    cp "$TMP/body" "$TMP/run.json"
    status=$(jq -r '.http_status // empty' "$TMP/run.json")
    # shown as "HTTP <status>": a status is three digits, anything else is ignored
    if [[ ! $status =~ ^[0-9]{3}$ ]]; then status=""; fi
    jq '.summary // {error: (.error // "the run ended without a summary"), status: .http_status}' \
        "$TMP/run.json" >"$TMP/body"
    if [[ -z $status ]]; then
        case $(jq -r '.state' "$TMP/run.json") in
            completed) status=200 ;;
            partial) status=207 ;;
            *) status=500 ;;
        esac
    fi
    HTTP_STATUS=$status
}

# POST answered 202: follow the run, then answer as the synchronous call would have
accept_and_follow() {
    local run_id
    run_id=$(jqr '.run_id // empty' "$TMP/body")
    [[ -n $run_id ]] || die 2 "HTTP 202 without a run_id"
    note "Accepted as run $run_id (the cleanup goes on in the service even if you stop following)."
    follow_run "$run_id"
    adopt_run_result
    check_http
}

# ---------------------------------------------------------------------------------------------------------------
# commands
# ---------------------------------------------------------------------------------------------------------------

# opt_value cmd option "${2-}": the value an option needs, in ARG. Missing, empty or another option is a usage error
# (exit 2): "--node" alone, or "--node ''", would otherwise drop the filter and act on everything.
opt_value() {
    local cmd=$1 option=$2
    if [[ -z ${3-} ]]; then usage_error "$cmd" "$option needs a value"; fi
    if [[ $3 == -* ]]; then usage_error "$cmd" "$option needs a value, not the option '$3'"; fi
    ARG=$3
}

# target_args cmd "$@": a node id or name, or with --deployment (-d) a deployment id: the target in ARG, DEPLOYMENT 1 or 0
target_args() {
    local cmd=$1
    shift
    ARG="" DEPLOYMENT=0
    while (($#)); do
        case $1 in
            --deployment | -d) DEPLOYMENT=1 ;;
            -*) usage_error "$cmd" "unknown option '$1'" ;;
            *) if [[ -z $ARG ]]; then ARG=$1; else usage_error "$cmd" "unexpected argument '$1'"; fi ;;
        esac
        shift
    done
    [[ -n $ARG ]] || usage_error "$cmd" "a node id or name (or --deployment <id>) is required"
}

one_arg() { # cmd what "$@": exactly one positional argument, left in ARG
    local cmd=$1 what=$2
    shift 2
    if (($# == 0)); then usage_error "$cmd" "$what is required"; fi
    if (($# > 1)); then usage_error "$cmd" "unexpected argument '$2'"; fi
    if [[ $1 == -* ]]; then usage_error "$cmd" "unknown option '$1'"; fi
    if [[ -z $1 ]]; then usage_error "$cmd" "$what must not be empty"; fi
    ARG=$1
}

cmd_status() {
    (($# == 0)) || usage_error status "unexpected argument '$1' (for one node: status-node, for a deployment: status-deployment)"
    http GET /status
    check_http
    require_json
    if ((JSON_OUT)); then print_json; exit 0; fi
    jqr '
        "Nodes by status:",
        (if (.overall_status // {} | length) == 0 then "  (no nodes tracked)"
         else .overall_status | to_entries | sort_by(.key)[] | "  \(.key): \(.value)" end),
        ("Cleanup needed: \(.cleanup_needed // 0)   cleanup completed: \(.cleanup_completed // 0)"
            + (if .total_nodes != null then "   total nodes: \(.total_nodes)" else "" end)),
        (if .cleanups_running != null or .open_failures != null then
            "Cleanups running: \(.cleanups_running // 0)   open failures: \(.open_failures // 0)" else empty end)
    ' "$TMP/body"
    exit 0
}

cmd_status_node() {
    local name
    one_arg status-node "a node name" "$@"
    name=$ARG
    if [[ $name =~ ^[0-9]+$ ]]; then
        HINT="status-node takes a node name; for node id $name use: $PROG dry-run $name (shows its name and status)"
    fi
    http GET "/status$(qs node_name "$name")"
    check_http
    require_json
    if ((JSON_OUT)); then print_json; exit 0; fi
    jqr '
        ("Node \(.node_name)" + (if .node_id then " (id \(.node_id))" else "" end)
            + (if .deployment_id then ", deployment \(.deployment_id)" else "" end)),
        ("  status: \(.current_status // "?")"
            + (if (.current_status | live) then c($Y; " (live: a cleanup needs --force)") else "" end)),
        "  cleanup needed: \(.cleanup_needed | yn)   cleanup completed: \(.cleanup_completed | yn)",
        (if .resources then "  tracked resources:",
            (if (.resources | length) == 0 then "    (none)" else
             .resources | to_entries[] | "    \(.key): " + (.value | to_entries | map("\(.key) \(.value)") | join(", ")) end)
         else empty end),
        (if .open_failures != null then "  open failures: \(.open_failures)"
            + (if .open_failures > 0 then " (\($P) failures --node \(.node_name))" else "" end) else empty end),
        (if .last_run_id then "  last run: \(.last_run_id)" else empty end)
    ' "$TMP/body"
    exit 0
}

cmd_status_deployment() {
    local id
    one_arg status-deployment "a deployment id" "$@"
    id=$ARG
    http GET "/status$(qs deployment_id "$id")"
    check_http
    require_json
    if ((JSON_OUT)); then print_json; exit 0; fi
    jqr '
        "Deployment \(.deployment_id): \(.total_nodes // 0) node(s), cleanup needed: \(.cleanup_needed_count // 0), cleanup completed: \(.cleanup_completed_count // 0)",
        ((.node_statuses // [])[] | "  \(.node_name)  \(.current_status)"
            + (if (.current_status | live) then c($Y; " (live)") elif .cleanup_needed then c($Y; " (cleanup needed)")
               elif .cleanup_completed then c($G; " (cleaned up)") else "" end))
    ' "$TMP/body"
    exit 0
}

# resources node NAME | resources deployment ID [--account A] [--region R]: the tracked rows one by one, with their place
cmd_resources() {
    local kind="" id="" account="" region=""
    while (($#)); do
        case $1 in
            --account) opt_value resources --account "${2-}"; account=$ARG; shift ;;
            --region) opt_value resources --region "${2-}"; region=$ARG; shift ;;
            -*) usage_error resources "unknown option '$1'" ;;
            *)
                if [[ -z $kind ]]; then kind=$1
                elif [[ -z $id ]]; then id=$1
                else usage_error resources "unexpected argument '$1'"; fi
                ;;
        esac
        shift
    done
    case $kind in
        node | deployment) ;;
        "") usage_error resources "node <node_name> or deployment <deployment_id> is required" ;;
        *) usage_error resources "the target is node <node_name> or deployment <deployment_id>, not '$kind'" ;;
    esac
    [[ -n $id ]] || usage_error resources "a $kind $(if [[ $kind == node ]]; then echo name; else echo id; fi) is required"
    if [[ $kind == node ]]; then
        http GET "/resources$(qs node_name "$id" account "$account" region "$region")"
    else
        http GET "/resources$(qs deployment_id "$id" account "$account" region "$region")"
    fi
    check_http
    require_json
    if ((JSON_OUT)); then print_json; exit 0; fi
    jqr '
        (if .node_name then "Node \(.node_name)" + (if .deployment_id then ", deployment \(.deployment_id)" else "" end)
         else "Deployment \(.deployment_id): its own resources" end),
        (if (.resources | length) == 0 then "  (none)" else
         .resources[] | "  \(.resource_type)  \(.resource_id)  \(.state)  in \(.account // "?")"
            + (if .region then "/\(.region)" else " (global)" end)
            + (if .resource_name then "  \(.resource_name)" else "" end)
            + (if .last_error then c($R; "  \(.last_error)") else "" end) end),
        "\(.count) resource(s)."
    ' "$TMP/body"
    exit 0
}

# cleanup-node / cleanup-deployment answers (also a retry's and a finished run's)
finish_cleanup() {
    local kind=$1
    check_http
    require_json
    if [[ $HTTP_STATUS == 202 ]]; then accept_and_follow; fi
    require_json
    if ((JSON_OUT)); then
        print_json
    elif [[ $(jq -r '.dry_run // false' "$TMP/body") == true ]]; then
        render_dry_run
    elif [[ $kind == deployment ]]; then
        jqr 'deployment_report' "$TMP/body"
    else
        jqr 'node_report' "$TMP/body"
    fi
    exit "$(status_exit)"
}

cmd_cleanup_node() {
    local id="" force=0 async=0 dry=0
    while (($#)); do
        case $1 in
            --force | -f) force=1 ;;
            --async | -a) async=1 ;;
            --dry-run | -n) dry=1 ;;
            -*) usage_error cleanup-node "unknown option '$1'" ;;
            *) if [[ -z $id ]]; then id=$1; else usage_error cleanup-node "unexpected argument '$1'"; fi ;;
        esac
        shift
    done
    [[ -n $id ]] || usage_error cleanup-node "a node id or name is required"
    if ((dry)); then cmd_dry_run "$id"; fi
    if ((force)); then
        if ! node_facts "$id"; then
            HINT="" check_http
        fi
        if is_live "$NODE_STATUS"; then
            warn "Node $NODE_NAME is $NODE_STATUS (live): --force deletes its server and everything it uses."
            confirm_typed "$NODE_NAME" "live node $NODE_NAME"
        fi
    fi
    http POST "/node/$(enc "$id")$(qs force "$(flag "$force")" async "$(flag "$async")")"
    if [[ $HTTP_STATUS == 409 ]] && refused; then
        HINT="To clean up a live node anyway: $PROG cleanup-node $id --force (you will type the node name to confirm)"
    fi
    finish_cleanup node
}

flag() { if (($1)); then printf true; fi; }

# a 409 that refused live nodes (rather than "already running")
refused() { is_json && jq -e '(.refused_nodes // []) | length > 0' "$TMP/body" >/dev/null; }

# hint_if_node ID COMMAND: a hint when a "deployment id" is in fact a node (the seed's own example passes a node name)
hint_if_node() {
    local id=$1 saved_status=$HTTP_STATUS
    cp "$TMP/body" "$TMP/saved"
    http GET "/status$(qs node_name "$id")"
    if [[ $HTTP_STATUS == 200 ]]; then
        HINT="'$id' is a node, not a deployment: use $PROG $2"
    else
        HINT="Deployment ids are exact (no patterns); see a deployment's nodes with: $PROG status-deployment <deployment_id>"
    fi
    mv "$TMP/saved" "$TMP/body"
    HTTP_STATUS=$saved_status
}

cmd_cleanup_deployment() {
    local id="" force=0 async=0 dry=0 live
    while (($#)); do
        case $1 in
            --force | -f) force=1 ;;
            --async | -a) async=1 ;;
            --dry-run | -n) dry=1 ;;
            -*) usage_error cleanup-deployment "unknown option '$1'" ;;
            *) if [[ -z $id ]]; then id=$1; else usage_error cleanup-deployment "unexpected argument '$1'"; fi ;;
        esac
        shift
    done
    [[ -n $id ]] || usage_error cleanup-deployment "a deployment id is required"
    if ((dry)); then cmd_dry_run --deployment "$id"; fi
    if ((force)); then
        http GET "/status$(qs deployment_id "$id")"
        if [[ $HTTP_STATUS == 200 ]] && is_json; then
            live=$(jqr '[(.node_statuses // [])[] | select(.current_status == "deployed" or .current_status == "provisioning")
                | "\(.node_name) (\(.current_status))"] | join(", ")' "$TMP/body")
            if [[ -n $live ]]; then
                warn "Deployment $id has live nodes: $live. --force deletes their servers too."
                confirm_typed "$id" "deployment $id, live nodes included"
            fi
        elif [[ $HTTP_STATUS != 404 ]]; then
            check_http
        fi
    fi
    http POST "/deployment/$(enc "$id")$(qs force "$(flag "$force")" async "$(flag "$async")")"
    if [[ $HTTP_STATUS == 404 ]]; then
        hint_if_node "$id" "cleanup-node $id"
    elif [[ $HTTP_STATUS == 409 ]] && refused; then
        HINT="To clean up a deployment with live nodes anyway: $PROG cleanup-deployment $id --force (you will type the deployment id to confirm)"
    fi
    finish_cleanup deployment
}

render_dry_run() {
    if [[ $(jq -r 'has("nodes")' "$TMP/body") == true ]]; then
        jqr '
            (.message // "Dry run"),
            "Deployment \(.deployment_id // "?")",
            ((.nodes // [])[] | "", dry_node),
            (if .cluster_plan then "", "Cluster-level resources:", (.cluster_plan | plan_lines) else empty end)
        ' "$TMP/body"
    else
        jqr 'dry_node' "$TMP/body"
    fi
}

cmd_dry_run() {
    local id deployment
    target_args dry-run "$@"
    id=$ARG deployment=$DEPLOYMENT
    if ((deployment)); then
        http POST "/deployment/$(enc "$id")$(qs dry_run true)"
    else
        http POST "/node/$(enc "$id")$(qs dry_run true)"
    fi
    check_http
    require_json
    if ((JSON_OUT)); then print_json; else render_dry_run; fi
    exit 0
}

cmd_validate() {
    local id deployment complete
    target_args validate "$@"
    id=$ARG deployment=$DEPLOYMENT
    if ((deployment)); then
        http GET "/validate/deployment/$(enc "$id")"
    else
        http GET "/validate/$(enc "$id")"
    fi
    check_http
    require_json
    complete=$(jq -r '.cleanup_complete == true' "$TMP/body")
    if ((JSON_OUT)); then
        print_json
    elif ((deployment)); then
        jqr '
            "Validation of deployment \(.deployment_id): "
                + (if .cleanup_complete then c($G; "cleanup complete") else c($R; "cleanup NOT complete") end),
            ((.nodes // [])[] | "  \(okfail(.cleanup_complete)) node \(.node_name)" + (if .node_status then " (status \(.node_status))" else "" end),
                (if .cleanup_complete then empty else checks("      ") end)),
            (if .cluster then "  \(okfail(.cluster.cleanup_complete)) cluster-level resources",
                (.cluster | if .cleanup_complete then empty else checks("      ") end) else empty end),
            (if .error then c($R; "Error: \(.error | str)") else empty end)
        ' "$TMP/body"
    else
        jqr 'validation_node' "$TMP/body"
    fi
    if [[ $complete == true ]]; then exit 0; fi
    exit 1
}

cmd_cleanup_orphaned() {
    local hours=24 body
    if (($# > 1)); then usage_error cleanup-orphaned "unexpected argument '$2'"; fi
    if (($# == 1)); then
        [[ $1 =~ ^[0-9]{1,9}$ ]] || usage_error cleanup-orphaned "hours must be a whole number (1..8760), not '$1'"
        hours=$((10#$1))
    fi
    body=$(jq -cn --argjson h "$hours" '{max_age_hours: $h}')
    http POST /orphaned "$body"
    check_http
    require_json
    if ((JSON_OUT)); then
        print_json
    else
        jqr '
            (.message // "Orphaned resource cleanup finished"),
            "Orphaned nodes cleaned: \(.orphaned_nodes_cleaned // 0) (not updated for \(.max_age_hours // "?") h)"
                + (if .failed_nodes != null then ", failed: \(.failed_nodes)" else "" end),
            ((.results // .partial_results // [])[] | "  \(okfail(.success // .result.success // false)) \(.node_name // .node_id // "?")" + node_brief),
            (if (.results_omitted // 0) > 0 then "  ... and \(.results_omitted) more node(s)"
                + (if (.failures_omitted // 0) > 0 then "; \(.failures_omitted) failed one(s) not listed" else "" end) else empty end),
            ((.results // []) | map(.node_id)) as $shown
                | ((.failures // [])[] | select(.node_id as $id | $shown | index($id) | not)
                    | "  \(okfail(false)) \(.node_name // .node_id // "?")" + node_brief),
            (if .limit_reached then c($Y; "Limit of \(.max_nodes) node(s) reached: run it again for the rest.") else empty end),
            (if .error then c($R; "Error: \(.error | str)") else empty end)
        ' "$TMP/body"
    fi
    if [[ $HTTP_STATUS == 207 || $(jq -r '(.failed_nodes // 0) > 0' "$TMP/body") == true ]]; then exit 1; fi
    exit 0
}

# "a, b,,c" -> ["a","b","c"]
targets_json() {
    jq -cn --arg list "$1" '$list | split(",") | map(gsub("^\\s+|\\s+$"; "")) | map(select(length > 0))'
}

# LIVE: the live nodes among the targets, comma-separated; unknown targets are left for the service to report
live_targets() {
    local t names=()
    LIVE=""
    while IFS= read -r t; do
        if node_facts "$t" && is_live "$NODE_STATUS"; then names+=("$NODE_NAME"); fi
    done < <(jq -r '.[]' <<<"$1")
    if ((${#names[@]})); then
        LIVE=$(IFS=,; printf '%s' "${names[*]}")
    fi
}

run_batch() {
    local cmd=$1 op=$2
    shift 2
    local list="" force=0 targets body
    while (($#)); do
        case $1 in
            --force | -f)
                if [[ $op == validate_cleanup ]]; then usage_error "$cmd" "--force does not apply to validation"; fi
                force=1
                ;;
            -*) usage_error "$cmd" "unknown option '$1'" ;;
            *) if [[ -z $list ]]; then list=$1; else usage_error "$cmd" "unexpected argument '$1' (separate targets with commas)"; fi ;;
        esac
        shift
    done
    targets=$(targets_json "$list")
    if [[ $targets == "[]" ]]; then usage_error "$cmd" "a comma-separated list of targets is required"; fi
    if ((force)); then
        if [[ $op == cleanup_nodes ]]; then
            live_targets "$targets"
            if [[ -n $LIVE ]]; then
                warn "Live nodes in this batch: $LIVE. --force deletes their servers too."
                confirm_typed "$LIVE" "the live nodes $LIVE"
            fi
        else
            warn "--force cleans up deployments even while nodes are live."
            confirm_typed "$(jq -r 'join(",")' <<<"$targets")" "these deployments, live nodes included"
        fi
    fi
    body=$(jq -cn --arg op "$op" --argjson t "$targets" --argjson f "$force" \
        '{operation: $op, targets: $t} + (if $f == 1 then {force: true} else {} end)')
    http POST /batch "$body"
    check_http
    require_json
    if ((JSON_OUT)); then
        print_json
    else
        jqr '
            (.operation // "") as $op |
            ((.results // [])[] |
                (.success // .cleanup_complete // false) as $ok |
                if $op == "validate_cleanup" then
                    "  \(if $ok then c($G; "CLEAN ") else c($R; "ISSUES") end) \(.node_name // .target // "?")"
                    + (if .error then ": \(.error)"
                       else ([(.result.validation_results // [])[] | select(.status != "PASS") | "\(.check) \(.status)"]
                            | if length > 0 then ": " + join(", ") else "" end) end)
                else
                    "  \(okfail($ok)) \(.node_name // .deployment_id // .target // "?")" + node_brief
                end),
            "Batch \($op): \(.successful_operations // 0) of \(.total_operations // 0) target(s) successful, success rate \(rate)"
        ' "$TMP/body"
    fi
    if [[ $HTTP_STATUS == 207 || $(jq -r '(.successful_operations // 0) < (.total_operations // 0)' "$TMP/body") == true ]]; then
        exit 1
    fi
    exit 0
}

cmd_script() {
    local id="" out="" node=0 force=0 default name lines path expected what
    while (($#)); do
        case $1 in
            --node) node=1 ;;
            --force | -f) force=1 ;;
            -*) usage_error script "unknown option '$1'" ;;
            *)
                if [[ -z $id ]]; then id=$1
                elif [[ -z $out ]]; then out=$1
                else usage_error script "unexpected argument '$1'"; fi
                ;;
        esac
        shift
    done
    [[ -n $id ]] || usage_error script "a deployment id (or --node <id>) is required"
    # the service answers the script as text/x-shellscript, errors as JSON
    ACCEPT="text/x-shellscript, application/json;q=0.9"
    if ((node)); then
        path="/script/node/$(enc "$id")"
        default="cleanup-node-$id.sh"
        what="node name"
    else
        path="/script/$(enc "$id")"
        default="cleanup-$id.sh"
        what="deployment id"
    fi
    # asked without force first: only a script with a live node's resources in it needs the typed confirmation
    http GET "$path"
    if [[ $HTTP_STATUS == 409 ]] && refused; then
        if ((force)); then
            if ((node)); then expected=$(jq -r '.refused_nodes[0].node_name' "$TMP/body"); else expected=$id; fi
            warn "Live: $(jqr '[.refused_nodes[] | "\(.node_name) (\(.current_status))"] | join(", ")' "$TMP/body"). The script deletes their servers and everything they use."
            confirm_typed "$expected" "the live node(s) of $(plain <<<"$expected")" \
                "A script that deletes the IBM Cloud resources of live node(s) of $(plain <<<"$expected")." "no script was written"
            http GET "$path$(qs force true)"
        else
            HINT="To get a script that deletes a live node's resources anyway: $PROG script $( ((node)) && printf -- '--node ')$id --force (you will type the $what to confirm)"
        fi
    fi
    if [[ $HTTP_STATUS == 404 && $node == 0 ]]; then hint_if_node "$id" "script --node $id"; fi
    check_http
    if [[ $(head -c 2 "$TMP/body") != '#!' ]]; then
        die 2 "HTTP $HTTP_STATUS from $BASE is not a script: is CLEANUP_URL the cleanup service?"
    fi
    if [[ -z $out && $node == 1 ]]; then
        # the service names a node's script after the node; use that name when it is a plain file name
        name=$(tr -d '\r' <"$TMP/headers" |
            sed -n 's/^[Cc][Oo][Nn][Tt][Ee][Nn][Tt]-[Dd][Ii][Ss][Pp][Oo][Ss][Ii][Tt][Ii][Oo][Nn]:.*filename="\{0,1\}\([A-Za-z0-9._:-]*\).*$/\1/p')
        name=${name%%$'\n'*}
        if [[ $name =~ ^[A-Za-z0-9][A-Za-z0-9._:-]*\.sh$ ]]; then default=$name; fi
    fi
    out=${out:-$default}
    if ! cp "$TMP/body" "$out" || ! chmod +x "$out"; then
        die 2 "cannot write $out"
    fi
    lines=$(wc -l <"$out" | tr -d ' ')
    if ((JSON_OUT)); then
        jq -n --arg f "$out" --argjson l "$lines" '{file: $f, lines: $l}'
    else
        say "${GREEN}Wrote $out${RESET} ($lines lines, executable)."
        sed -n '2,3p' "$out" | sed 's/^# */  /' | plain
        local run_path="$out"
        [[ "$out" == */* ]] || run_path="./$out"
        say "Review it, log in with 'ibmcloud login', then run: $run_path (type the $what when it asks; --yes for unattended runs)"
        say "With CLEANUP_URL (and CLEANUP_API_TOKEN) in its environment it tells the service what it deleted; else: $PROG reconcile"
    fi
    exit 0
}

# reconcile: after a script (or a person) deleted resources, the service marks GONE the rows IBM Cloud answers 404 for
JQ_RECONCILE='
def row: "\(.resource_type) \(.resource_name // "") (\(.resource_id))" + (if .node_name then " of \(.node_name)" else "" end);
def reconcile_report:
    (.message // "Reconciled"),
    ((.marked_gone // [])[] | "  \(c($G; "GONE   ")) \(row)"),
    ((.already_gone // [])[] | "  gone    \(row): GONE already"),
    ((.still_present // [])[] | "  \(c($Y; "present")) \(row): \(.message // "IBM Cloud still has it")"),
    ((.errors // [])[] | "  \(c($R; "error  ")) \(row): \(.error // "could not be looked up")"),
    (if .all_gone then empty else
        "Rows still present or not looked up are left as they were: delete them, or ask again later ("
        + (if .node_name then "\($P) reconcile \(.node_name)" else "\($P) reconcile --deployment \(.deployment_id)" end) + ")." end);
'

cmd_reconcile() {
    local id deployment
    target_args reconcile "$@"
    id=$ARG deployment=$DEPLOYMENT
    if ((deployment)); then
        http POST "/reconcile/deployment/$(enc "$id")"
        if [[ $HTTP_STATUS == 404 ]]; then hint_if_node "$id" "reconcile $id"; fi
    else
        http POST "/reconcile/node/$(enc "$id")"
    fi
    if [[ $HTTP_STATUS == 409 ]]; then HINT="A cleanup of it is running and records what it deletes itself; follow it with: $PROG runs"; fi
    check_http
    require_json
    if ((JSON_OUT)); then print_json; else jqr "$JQ_RECONCILE reconcile_report" "$TMP/body"; fi
    if [[ $(jq -r '.all_gone == true' "$TMP/body") == true ]]; then exit 0; fi
    exit 1
}

cmd_failures() {
    local node="" deployment="" type="" status="" limit="" account="" region=""
    while (($#)); do
        case $1 in
            --node | -n) opt_value failures --node "${2-}"; node=$ARG; shift ;;
            --account) opt_value failures --account "${2-}"; account=$ARG; shift ;;
            --region) opt_value failures --region "${2-}"; region=$ARG; shift ;;
            --deployment | -d) opt_value failures --deployment "${2-}"; deployment=$ARG; shift ;;
            --type | -t) opt_value failures --type "${2-}"; type=$ARG; shift ;;
            --status | -s) opt_value failures --status "${2-}"; status=$ARG; shift ;;
            --all | -a) status=all ;;
            --limit) opt_value failures --limit "${2-}"; limit=$ARG; shift ;;
            *) usage_error failures "unexpected argument '$1'" ;;
        esac
        shift
    done
    http GET "/failures$(qs node_name "$node" deployment_id "$deployment" resource_type "$type" status "$status" limit "$limit" \
        account "$account" region "$region")"
    check_http
    require_json
    if ((JSON_OUT)); then print_json; exit 0; fi
    jqr '
        (.failures // []) as $f |
        if ($f | length) == 0 then "No \(.status // "open") failures."
        else
            ($f[] |
                "#\(.id) \(if .status == "open" then c($R; "open") else .status end)  \(.node_name // ("deployment " + (.deployment_id // "?")))  \(.resource_type) \(.resource_name // "") (\(.resource_id))"
                    + (if .account then "  in \(.account)" + (if .region then "/\(.region)" else "" end) else "" end),
                "     \(.outcome // "FAILED") after \(.attempts // "?") attempt(s)"
                    + (if .last_http_status and ((.error // "") | startswith("HTTP") | not) then ", HTTP \(.last_http_status)" else "" end)
                    + (if .error then ": \(.error)" else "" end)),
            "\($f | length) failure(s)" + (if .count != null and .count != ($f | length) then " of \(.count)" else "" end) + ".",
            (if any($f[]; .status == "open") then "Retry one with: \($P) retry <id>" else empty end)
        end
    ' "$TMP/body"
    exit 0
}

cmd_retry() {
    local id
    one_arg retry "a failure id" "$@"
    id=$ARG
    [[ $id =~ ^[0-9]+$ ]] || usage_error retry "the failure id is a number (see: $PROG failures), not '$id'"
    http POST "/failures/$(enc "$id")/retry"
    if [[ $HTTP_STATUS == 404 || $HTTP_STATUS == 409 ]]; then HINT="The open failures: $PROG failures (all of them: --all)"; fi
    if [[ $(jq -r '.deployment_id != null and .node_name == null' "$TMP/body" 2>/dev/null) == true ]]; then
        finish_cleanup deployment
    fi
    finish_cleanup node
}

# plan node ID | plan deployment ID [--force]: saves the target's dry run as a plan (POST /api/plans) and prints it
cmd_plan() {
    local kind="" id="" force=0 body
    while (($#)); do
        case $1 in
            --force | -f) force=1 ;;
            -*) usage_error plan "unknown option '$1'" ;;
            *)
                if [[ -z $kind ]]; then kind=$1
                elif [[ -z $id ]]; then id=$1
                else usage_error plan "unexpected argument '$1'"; fi
                ;;
        esac
        shift
    done
    case $kind in
        node | deployment) ;;
        "") usage_error plan "node <id|name> or deployment <id> is required" ;;
        *) usage_error plan "the target is node <id|name> or deployment <id>, not '$kind'" ;;
    esac
    [[ -n $id ]] || usage_error plan "a $kind id is required"
    body=$(jq -cn --arg k "$kind" --arg v "$id" --argjson f "$(if ((force)); then echo true; else echo false; fi)" \
        '{($k): $v} + (if $f then {force: true} else {} end)')
    http POST /api/plans "$body"
    if [[ $HTTP_STATUS == 409 ]] && refused; then
        HINT="To plan a live target anyway: $PROG plan $kind $id --force (the plan deletes nothing until applied)"
    fi
    check_http
    require_json
    if ((JSON_OUT)); then print_json; exit 0; fi
    jqr 'plan_saved' "$TMP/body"
    say "Apply it with: $PROG apply $(jqr '.short_id' "$TMP/body")"
    exit 0
}

# apply PLAN_ID [--async]: deletes exactly the plan's resources (POST /api/plans/<id>/apply)
cmd_apply() {
    local id="" async=0 code run
    while (($#)); do
        case $1 in
            --async | -a) async=1 ;;
            -*) usage_error apply "unknown option '$1'" ;;
            *) if [[ -z $id ]]; then id=$1; else usage_error apply "unexpected argument '$1'"; fi ;;
        esac
        shift
    done
    [[ -n $id ]] || usage_error apply "a plan id (or its short id) is required"
    http POST "/api/plans/$(enc "$id")/apply$(qs async "$(flag "$async")")"
    if is_json && [[ $HTTP_STATUS == 409 || $HTTP_STATUS == 410 ]]; then
        code=$(jqr '.code // empty' "$TMP/body")
        case $code in
            plan_applied)
                run=$(jqr '.run_id // empty' "$TMP/body")
                HINT="Nothing was deleted again. The apply's run: $PROG runs $run"
                ;;
            plan_stale)
                if ((!JSON_OUT)); then jqr 'plan_changes' "$TMP/body" >&2; fi
                HINT="Nothing was deleted. Review a new plan: $PROG plan node <id> (or deployment <id>)"
                ;;
            plan_expired) HINT="Nothing was deleted. Save a new plan: $PROG plan node <id> (or deployment <id>)" ;;
        esac
    fi
    check_http
    require_json
    if [[ $HTTP_STATUS == 202 ]]; then accept_and_follow; fi
    require_json
    if ((JSON_OUT)); then print_json; else jqr 'plan_applied' "$TMP/body"; fi
    exit "$(status_exit)"
}

render_run() {
    jqr '
        "Run \(.run_id): \(.kind // "?") \(.target // "?")" + (if .dry_run then " (dry run)" else "" end)
            + (if .force then " (forced)" else "" end) + (if .trigger then ", trigger \(.trigger)" else "" end),
        "  state: \(state(.state))" + (if .http_status then ", HTTP \(.http_status)" else "" end),
        "  progress: \(.progress.done // 0)/\(.progress.total // 0) (\(.progress.percent // 0)%)",
        (if .created_at then "  created: \(.created_at)" else empty end),
        (if .finished_at then "  finished: \(.finished_at)" else empty end),
        (if .error then c($R; "  error: \(.error)") else empty end)
    ' "$TMP/body"
}

cmd_runs() {
    local id="" state="" kind="" limit="" wait=0 code
    while (($#)); do
        case $1 in
            --state | -s) opt_value runs --state "${2-}"; state=$ARG; shift ;;
            --kind | -k) opt_value runs --kind "${2-}"; kind=$ARG; shift ;;
            --limit | -l) opt_value runs --limit "${2-}"; limit=$ARG; shift ;;
            --wait | -w) wait=1 ;;
            -*) usage_error runs "unknown option '$1'" ;;
            *) if [[ -z $id ]]; then id=$1; else usage_error runs "unexpected argument '$1'"; fi ;;
        esac
        shift
    done
    if [[ -z $id ]]; then
        ((wait == 0)) || usage_error runs "--wait needs a run id"
        http GET "/runs$(qs state "$state" kind "$kind" limit "$limit")"
        check_http
        require_json
        if ((JSON_OUT)); then print_json; exit 0; fi
        jqr '
            (.runs // []) as $r |
            if ($r | length) == 0 then "No runs."
            else
                ($r[] | "\(.run_id)  \(.kind // "?") \(.target // "?")  \(state(.state))  \(.progress.done // 0)/\(.progress.total // 0) (\(.progress.percent // 0)%)"
                    + (if .dry_run then " dry-run" else "" end) + (if .created_at then "  \(.created_at)" else "" end)),
                "\($r | length) run(s). Details of one: \($P) runs <run_id>"
            end
        ' "$TMP/body"
        exit 0
    fi
    if ((wait)); then
        follow_run "$id"
        cp "$TMP/body" "$TMP/run.json"
        code=$(jq -r '.kind // "node"' "$TMP/run.json")
        adopt_run_result
        if [[ $(jq -r '.dry_run // false' "$TMP/run.json") == true ]]; then
            check_http
            if ((JSON_OUT)); then print_json; else render_dry_run; fi
            exit 0
        fi
        finish_cleanup "$code"
    fi
    http GET "/runs/$(enc "$id")"
    check_http
    require_json
    if ((JSON_OUT)); then print_json; exit 0; fi
    render_run
    printf '  %s\n' "$(progress_bar "$(jq -r 'if .state == "completed" or .state == "partial" then 100
        else (.progress.percent // 0 | if type == "number" then floor else 0 end) end' "$TMP/body")")"
    case $(jq -r '.state' "$TMP/body") in
        completed | partial | failed)
            if [[ $(jq -r '.summary | type == "object" and has("message")' "$TMP/body") == true ]]; then
                code=$(jq -r '.kind // "node"' "$TMP/body")
                jq '.summary' "$TMP/body" >"$TMP/summary.json"
                say "Result:"
                if [[ $code == deployment ]]; then
                    jqr 'deployment_report' "$TMP/summary.json" | sed 's/^/  /'
                elif [[ $(jq -r '.dry_run // false' "$TMP/summary.json") == true ]]; then
                    jqr 'dry_node' "$TMP/summary.json" | sed 's/^/  /'
                else
                    jqr 'node_report' "$TMP/summary.json" | sed 's/^/  /'
                fi
            fi
            ;;
        *) say "Still going: follow it with $PROG runs $id --wait" ;;
    esac
    exit 0
}

# report: a run's report (one line per resource of the run and its children) to stdout, as the service sends it (JSON
# array, or CSV with --csv). Kept in a temporary file until the answer is complete, so an error is never half a report
# on stdout; shown on a terminal with control characters as \xNN, written byte for byte anywhere else (a file, a pipe).
cmd_report() {
    local id="" format=json media=application/json account="" region=""
    while (($#)); do
        case $1 in
            --csv) format=csv media=text/csv ;;
            --account) opt_value report --account "${2-}"; account=$ARG; shift ;;
            --region) opt_value report --region "${2-}"; region=$ARG; shift ;;
            -*) usage_error report "unknown option '$1'" ;;
            *) if [[ -z $id ]]; then id=$1; else usage_error report "unexpected argument '$1'"; fi ;;
        esac
        shift
    done
    [[ -n $id ]] || usage_error report "a run id is required"
    ACCEPT="$media, application/json;q=0.9"
    HINT="Recent runs and their ids: $PROG runs"
    http GET "/runs/$(enc "$id")/report$(qs format "$format" account "$account" region "$region")"
    check_http
    if ! tr -d '\r' <"$TMP/headers" | grep -qi "^content-type: *$media"; then
        die 2 "HTTP $HTTP_STATUS from $BASE is not a $format report: is CLEANUP_URL the cleanup service?"
    fi
    if [[ -t 1 ]]; then
        if [[ $format == csv ]]; then sed 's/\r$//' "$TMP/body" | plain; else jq -a . "$TMP/body"; fi
    else
        cat "$TMP/body"
    fi
    exit 0
}

# drift: the report as tables, then (typed confirmation) adoption of what it showed
JQ_DRIFT='
def pad($w): if length < $w then . + (" " * ($w - length)) else . end;
def table($head): ([$head] + .) as $rows
    | [range(0; ($head | length) - 1) as $i | $rows | map(.[$i] | length) | max] as $w
    | $rows[] | [to_entries[] | .key as $k | if $k < ($w | length) then (.value | pad($w[$k])) else .value end]
    | "  " + join("  ");
def owner: if .node_name then "node \(.node_name)" elif .deployment_id then "deployment \(.deployment_id)" else "?" end;
def evidence: if type == "array" then join("; ") else str end;
def place: if .account then .account + (if .region then "/" + .region else "" end) else "" end;
def drift_report:
    (if .node_name then "node \(.node_name) (deployment \(.deployment_id // "?"))" else "deployment \(.deployment_id)" end) as $t
    | (.untracked // []) as $u | (.ambiguous // []) as $a | (.missing // []) as $m
    | "Drift of \($t): " + (if .drift then c($Y; "drift found") else c($G; "no drift") end)
        + (if .complete == false then c($R; " (scan incomplete)") else "" end),
    (if ($u | length) > 0 then "",
        "Untracked (\($u | length)): in IBM Cloud, tracked by nobody; adopting tracks them under the owner shown",
        ($u | map([(.type | str), (.id | str), (.name | str), place, owner, (.evidence | evidence)])
            | table(["TYPE", "ID", "NAME", "PLACE", "OWNER", "EVIDENCE"]))
     else empty end),
    (if ($a | length) > 0 then "",
        "Ambiguous (\($a | length)): evidence for more than one owner; never adopted, settle them by hand",
        ($a | map([(.type | str), (.id | str), (.name | str), place,
                (.claimants // [] | map(owner + " (" + (.evidence | evidence) + ")") | join(", "))])
            | table(["TYPE", "ID", "NAME", "PLACE", "CLAIMANTS"]))
     else empty end),
    (if ($m | length) > 0 then "",
        "Missing (\($m | length)): tracked as present, IBM Cloud answers 404",
        ($m | map([(.type | str), (.id | str), (.name | str), place, owner, (.ledger_state | str)])
            | table(["TYPE", "ID", "NAME", "PLACE", "OWNER", "LEDGER"]))
     else empty end),
    "",
    "Scanned: " + ((.scanned.collections // []) | map("\(.collection)\(if .account then " (" + place + ")" else "" end) \(.pages) page(s) \(.items) item(s)") | join(", "))
        + "; \(.scanned.list_calls // 0) list call(s), \(.scanned.lookups // 0) lookup(s), \(.scanned.duration_ms // 0) ms",
    ((.errors // [])[] | c($R; "  error: \(.)"));
def adoption:
    (.message // "Adoption finished"),
    ((.adopted // [])[] | "  \(c($G; "adopted"))  \(.type) \(.id) \(.name // "") -> \(owner)"),
    ((.marked_gone // [])[] | "  \(if .marked_gone then c($G; "GONE   ") else c($Y; "not marked") end)  \(.type) \(.id)"),
    ((.refused // [])[] | "  \(c($R; "refused"))  \([.type, .id] | map(select(. != null)) | join(" ")): \(.reason // "")"),
    (if (.adopted // []) | length > 0 then "The next cleanup deletes the adopted resources: \($P) cleanup-\(.kind) \(.target)" else empty end);
'

cmd_drift() {
    local kind="" id="" mark_gone=0 expected ids body untracked missing left
    while (($#)); do
        case $1 in
            --mark-gone) mark_gone=1 ;;
            -*) usage_error drift "unknown option '$1'" ;;
            *)
                if [[ -z $kind ]]; then kind=$1
                elif [[ -z $id ]]; then id=$1
                else usage_error drift "unexpected argument '$1'"; fi
                ;;
        esac
        shift
    done
    case $kind in
        node | deployment) ;;
        "") usage_error drift "say what to scan: node <id|name> or deployment <id>" ;;
        *) usage_error drift "the first argument is node or deployment, not '$(plain <<<"$kind")'" ;;
    esac
    [[ -n $id ]] || usage_error drift "a $kind id is required"
    http GET "/drift/$kind/$(enc "$id")"
    if [[ $HTTP_STATUS == 404 && $kind == deployment ]]; then hint_if_node "$id" "drift node $id"; fi
    check_http
    require_json
    # --json is the report as the service gave it: reading only, nothing is adopted
    if ((JSON_OUT)); then
        print_json
        if [[ $(jq -r '.drift == false and .complete != false' "$TMP/body") == true ]]; then exit 0; fi
        exit 1
    fi
    jqr "$JQ_DRIFT drift_report" "$TMP/body"
    cp "$TMP/body" "$TMP/report.json"

    # what the operator saw is what is adopted: the ids of the report, never "all" of a scan made later
    ids=$(jq -c --argjson g "$mark_gone" '[(.untracked // [])[].id] + (if $g == 1 then [(.missing // [])[].id] else [] end)' "$TMP/report.json")
    untracked=$(jq -r '(.untracked // []) | length' "$TMP/report.json")
    missing=$(jq -r '(.missing // []) | length' "$TMP/report.json")
    left=$(jq -r '((.ambiguous // []) | length) + (if .complete == false then 1 else 0 end)' "$TMP/report.json")
    if ((missing > 0 && mark_gone == 0)); then
        note "To mark the missing row(s) GONE in the ledger: $PROG drift $kind $id --mark-gone"
    fi
    if [[ $ids == "[]" ]]; then
        if [[ $(jq -r '.drift' "$TMP/report.json") == false && $left == 0 ]]; then exit 0; fi
        exit 1
    fi
    if [[ $(jq -r '.complete == false' "$TMP/report.json") == true ]]; then
        warn "The scan was incomplete: the service adopts nothing from an incomplete scan. Try again later."
        exit 1
    fi
    if [[ $kind == node ]]; then
        expected=$(jq -r '.node_name' "$TMP/report.json")
    else
        expected=$(jq -r '.deployment_id' "$TMP/report.json")
    fi
    local what="$kind $expected" consequence
    consequence="Adopt $untracked untracked resource(s) of $what"
    if ((mark_gone && missing > 0)); then consequence+=" and mark $missing missing row(s) GONE"; fi
    consequence+=": the next cleanup deletes what is adopted."
    if ((ASSUME_YES)); then
        warn "--yes given: no typed confirmation for the adoption."
    elif ! typed_answer "$expected" "$(plain <<<"$consequence")"; then
        note "Nothing adopted: no confirmation could be read (no terminal and nothing on stdin)."
        exit 1
    elif [[ $ANSWER != "$expected" ]]; then
        die 2 "confirmation '$(plain <<<"$ANSWER")' does not match '$(plain <<<"$expected")': nothing was adopted."
    else
        note "Confirmed."
    fi
    body=$(jq -cn --argjson ids "$ids" --argjson g "$mark_gone" '{ids: $ids} + (if $g == 1 then {mark_gone: true} else {} end)')
    http POST "/drift/$kind/$(enc "$expected")/adopt" "$body"
    check_http
    require_json
    jq --arg k "$kind" --arg t "$expected" '. + {kind: $k, target: $t}' "$TMP/body" >"$TMP/adopted.json"
    jqr "$JQ_DRIFT adoption" "$TMP/adopted.json"
    # done only when everything shown was adopted (or marked) and nothing is left to settle by hand
    if [[ $(jq -r '((.refused // []) | length) == 0 and ((.marked_gone // []) | all(.marked_gone))' "$TMP/body") == true ]] \
        && ((left == 0)) && ((missing == 0 || mark_gone == 1)); then
        exit 0
    fi
    exit 1
}

# ---------------------------------------------------------------------------------------------------------------
# interactive menu
# ---------------------------------------------------------------------------------------------------------------

# ask VAR PROMPT: one line from stdin; returns 1 at end of input
ask() {
    local __v
    printf '%s: ' "$2"
    if ! IFS= read -r __v; then
        [[ -n $__v ]] || return 1
    fi
    # a terminal echoes what was typed; for scripted input show it (as text), so the transcript reads like a session
    if [[ ! -t 0 ]]; then printf '%s\n' "$(plain <<<"$__v")"; fi
    printf -v "$1" '%s' "$(trim "$__v")"
}

ask_yes() { # ask_yes PROMPT -> 0 for y/yes
    local a
    ask a "$1 [y/N]" || return 1
    [[ $a == [yY] || $a == [yY][eE][sS] ]]
}

# Runs one command in a subshell, so its exit (and errors) come back to the menu.
menu_run() {
    local rc
    set +e
    (
        set -e
        dispatch "$@"
    )
    rc=$?
    set -e
    case $rc in
        0) say "${GREEN}-> done${RESET}" ;;
        1) say "${YELLOW}-> partial (exit 1)${RESET}" ;;
        *) say "${RED}-> failed (exit $rc)${RESET}" ;;
    esac
}

print_menu() {
    cat <<EOF

${BOLD}Cleanup service${RESET} at $BASE
  1) Overall status              9) Batch cleanup of nodes
  2) Node status                10) Batch validation of nodes
  3) Deployment status          11) Generate a cleanup script
  4) Dry run of a node          12) Open failures
  5) Clean up a node            13) Retry a failure
  6) Clean up a deployment      14) Recent runs
  7) Validate a node            15) Validate a deployment
  8) Clean up orphaned nodes    16) Drift of a node
                                17) Drift of a deployment
                                 0) Quit
EOF
}

cmd_interactive() {
    (($# == 0)) || usage_error interactive "unexpected argument '$1'"
    local choice a b opts
    while :; do
        print_menu
        ask choice "Choice" || { say ""; exit 0; }
        case $choice in
            0 | q | quit | exit) say "Bye."; exit 0 ;;
            1) menu_run status ;;
            2) ask a "Node name" || exit 0; [[ -z $a ]] || menu_run status-node "$a" ;;
            3) ask a "Deployment id" || exit 0; [[ -z $a ]] || menu_run status-deployment "$a" ;;
            4) ask a "Node id or name" || exit 0; [[ -z $a ]] || menu_run dry-run "$a" ;;
            5 | 6)
                if [[ $choice == 5 ]]; then ask a "Node id or name" || exit 0; b=cleanup-node
                else ask a "Deployment id" || exit 0; b=cleanup-deployment; fi
                [[ -n $a ]] || continue
                opts=()
                if ask_yes "Force (clean up live nodes too)?"; then opts+=(--force); fi
                if ask_yes "Run in the background with a progress bar?"; then opts+=(--async); fi
                menu_run "$b" "$a" ${opts[@]+"${opts[@]}"}
                ;;
            7) ask a "Node id or name" || exit 0; [[ -z $a ]] || menu_run validate "$a" ;;
            8) ask a "Max age in hours [24]" || exit 0; menu_run cleanup-orphaned "${a:-24}" ;;
            9) ask a "Node names, comma-separated" || exit 0; [[ -z $a ]] || menu_run batch-nodes "$a" ;;
            10) ask a "Node names, comma-separated" || exit 0; [[ -z $a ]] || menu_run batch-validate "$a" ;;
            11)
                ask a "Deployment id" || exit 0
                [[ -n $a ]] || continue
                ask b "Output file [cleanup-$a.sh]" || exit 0
                menu_run script "$a" "${b:-cleanup-$a.sh}"
                ;;
            12) menu_run failures ;;
            13) ask a "Failure id" || exit 0; [[ -z $a ]] || menu_run retry "$a" ;;
            14) menu_run runs --limit 20 ;;
            15) ask a "Deployment id" || exit 0; [[ -z $a ]] || menu_run validate --deployment "$a" ;;
            16) ask a "Node id or name" || exit 0; [[ -z $a ]] || menu_run drift node "$a" ;;
            17) ask a "Deployment id" || exit 0; [[ -z $a ]] || menu_run drift deployment "$a" ;;
            "") ;;
            *) err "Unknown choice '$(plain <<<"$choice")': enter a number from the menu (0 quits)." ;;
        esac
    done
}

# ---------------------------------------------------------------------------------------------------------------
# help
# ---------------------------------------------------------------------------------------------------------------

usage_line() {
    case $1 in
        status) echo "$PROG status" ;;
        status-node) echo "$PROG status-node <node_name>" ;;
        status-deployment) echo "$PROG status-deployment <deployment_id>" ;;
        resources) echo "$PROG resources node <node_name> | resources deployment <deployment_id> [--account <a>] [--region <r>]" ;;
        cleanup-node) echo "$PROG cleanup-node <node_id|node_name> [--force] [--async] [--yes]" ;;
        cleanup-deployment) echo "$PROG cleanup-deployment <deployment_id> [--force] [--async] [--yes]" ;;
        dry-run) echo "$PROG dry-run <node_id|node_name> | dry-run --deployment <deployment_id>" ;;
        validate) echo "$PROG validate <node_id|node_name> | validate --deployment <deployment_id>" ;;
        cleanup-orphaned) echo "$PROG cleanup-orphaned [hours]" ;;
        batch-nodes) echo "$PROG batch-nodes <node1,node2,...> [--force] [--yes]" ;;
        batch-deployments) echo "$PROG batch-deployments <deployment1,deployment2,...> [--force] [--yes]" ;;
        batch-validate) echo "$PROG batch-validate <node1,node2,...>" ;;
        script) echo "$PROG script <deployment_id> [output_file] [--force] | script --node <node_id|node_name> [output_file] [--force]" ;;
        reconcile) echo "$PROG reconcile <node_id|node_name> | reconcile --deployment <deployment_id>" ;;
        failures) echo "$PROG failures [--node <name>] [--deployment <id>] [--type <resource_type>] [--all | --status <s>] [--account <a>] [--region <r>] [--limit <n>]" ;;
        retry) echo "$PROG retry <failure_id>" ;;
        runs) echo "$PROG runs [--state <s>] [--kind node|deployment] [--limit <n>] | runs <run_id> [--wait]" ;;
        report) echo "$PROG report <run_id> [--csv] [--account <a>] [--region <r>]" ;;
        drift) echo "$PROG drift <node|deployment> <id> [--mark-gone]" ;;
        plan) echo "$PROG plan node <node_id|node_name> [--force] | plan deployment <deployment_id> [--force]" ;;
        apply) echo "$PROG apply <plan_id|short_id> [--async]" ;;
        interactive) echo "$PROG interactive   (also: $PROG with no arguments)" ;;
        help) echo "$PROG help [command]" ;;
        *) echo "$PROG <command> [arguments]" ;;
    esac
}

help_main() {
    cat <<EOF
$PROG - the operator's command line for the cleanup service (curl + jq)

Usage: $PROG [--json] [--no-color] <command> [arguments]
       $PROG                      the interactive menu
       $PROG <command> --help     help for one command

Status
  status                                  node counts by status, cleanups needed and completed
  status-node <node_name>                 one node: status, tracked resources, open failures
  status-deployment <deployment_id>       every node of a deployment
  resources node <name> | resources deployment <id> [--account A] [--region R]
                                          the tracked resources one by one: state, attempts, error, account, region
Cleanup
  cleanup-node <id|name> [--force] [--async] [--yes]
                                          clean up one node (--force for a live node: type its name to confirm)
  cleanup-deployment <deployment_id> [--force] [--async] [--yes]
                                          clean up every node of a deployment and its cluster DNS records
  dry-run <id|name> | dry-run --deployment <id>
                                          the ordered deletion plan; deletes nothing
  cleanup-orphaned [hours]                nodes left failed and untouched for hours (default 24, 1..8760)
  batch-nodes <a,b,c> [--force] [--yes]   clean up several nodes
  batch-deployments <d1,d2> [--force]     clean up several deployments
Saved plans
  plan node <id|name> | plan deployment <id> [--force]
                                          save the dry run as a plan: its resources, digest and expiry
  apply <plan_id|short_id> [--async]      delete exactly the plan's resources, once (refused when the tracked
                                          state changed since, the plan expired, or it was applied already)
Checks and scripts
  validate <id|name> | validate --deployment <id>
                                          ask IBM Cloud whether everything tracked is gone
  batch-validate <a,b,c>                  validate several nodes
  script <deployment_id> [file] | script --node <id|name> [file] [--force]
                                          download a bash cleanup script (default cleanup-<id>.sh), made executable
                                          (--force for a live node's resources: type its name to confirm)
  reconcile <id|name> | reconcile --deployment <id>
                                          after a script ran: mark GONE what IBM Cloud no longer has (404)
Failures and runs
  failures [--node N] [--deployment D] [--type T] [--all] [--account A] [--region R]
                                          deletions that failed after every retry
  retry <failure_id>                      re-run the cleanup of a failure's node
  runs [run_id] [--wait]                  recent runs, or one run with its progress
  report <run_id> [--csv] [--account A] [--region R]
                                          the run's report to stdout: one line per resource (JSON, or CSV)
Drift
  drift <node|deployment> <id> [--mark-gone]
                                          what IBM Cloud holds that nobody tracks (and tracked rows IBM no longer
                                          has); offers to adopt it: type the node name or deployment id to confirm
Other
  interactive                             a numbered menu (also with no arguments)
  help [command]                          this help, or one command's

Listings take --account A and --region R (resources, failures, report): only what lives in that configured account
or region (exact names; a name not configured is refused, naming the configured ones). Rows recorded without a place
are the default account's and region's; DNS records have an account and no region.

Options (any command)
  --json        print the service's JSON answer instead of the readable summary
  --no-color    no colours (colours are only used on a terminal, never with NO_COLOR set)
  --yes, -y     skip the typed confirmation for forced cleanups and scripts of live nodes and for drift adoption
                (automation)

Environment
  CLEANUP_URL              the service, e.g. http://cleanup.example:8080 (default: http://\$PXE_SERVER when
                           PXE_SERVER=host:port is set, else http://localhost:8080)
  CLEANUP_API_TOKEN        sent as 'Authorization: Bearer ...' when set; never printed
  CLEANUP_POLL_SECONDS     progress polling interval for --async (default 1)
  CLEANUP_WAIT_SECONDS     how long --async / runs --wait follow a run (default 3600)
  CLEANUP_CONNECT_TIMEOUT  seconds to connect (default 10); CLEANUP_MAX_TIME: seconds per request (default 3600)

Exit codes
  0  success (HTTP 200; validation complete)
  1  partial (HTTP 207; validation not complete; a batch with failures)
  2  error (HTTP 4xx/5xx, service unreachable, bad usage, confirmation refused; a plan stale, expired or applied)

Examples
  $PROG status
  $PROG cleanup-node 1
  $PROG cleanup-node nutanix-poc-bm-node-02 --force --async
  $PROG cleanup-deployment deployment-123
  $PROG validate 1
  $PROG cleanup-orphaned 48
  $PROG batch-nodes node1,node2,node3
  $PROG script deployment-123 && ./cleanup-deployment-123.sh
  $PROG drift node nutanix-poc-bm-node-01
EOF
}

help_cmd() {
    local cmd=$1
    if [[ $cmd == help ]]; then help_main; return 0; fi
    say "Usage: $(usage_line "$cmd")"
    say ""
    case $cmd in
        status) cat <<EOF
Overall cleanup status: how many nodes are in each status (deployed, failed, cleanup_completed, ...), how many need
a cleanup (failed, error, timeout) and how many are cleaned up. GET /api/cleanup/status.
Exit: 0, or 2 when the service cannot be asked.
EOF
            ;;
        status-node) cat <<EOF
One node's status: its current status (deployed and provisioning are live), whether it needs a cleanup, the tracked
resources by type and ledger state, open failures and its last run. GET /api/cleanup/status?node_name=<name>.
Example: $PROG status-node nutanix-poc-bm-node-01
Exit: 0; 2 for an unknown node or an error.
EOF
            ;;
        resources) cat <<EOF
A node's tracked resources (or a deployment's own, its cluster-level records) one by one, in every ledger state: type,
IBM id, state, account and region (DNS records: global, no region), name and last error.
GET /api/cleanup/resources?node_name=<name> (or ?deployment_id=<id>).
  --account <a>   only the resources in this configured account (rows recorded without one are the default's)
  --region <r>    only those in this configured region
Examples: $PROG resources node nutanix-poc-bm-node-01
          $PROG resources deployment deployment-123 --account sandbox-2 --region eu-de
Exit: 0; 2 for an unknown node or deployment, an account or region not configured, or an error.
EOF
            ;;
        status-deployment) cat <<EOF
A deployment's nodes with their statuses and counts. GET /api/cleanup/status?deployment_id=<id>.
Example: $PROG status-deployment deployment-123
Exit: 0; 2 for an unknown deployment or an error.
EOF
            ;;
        cleanup-node) cat <<EOF
Deletes a node's IBM Cloud resources (bare metal server, VNIs, reserved IPs, DNS records) in dependency order and
prints one line per operation with the success rate. The node is its numeric id or its exact name.
  --force, -f   clean up a live node (deployed, provisioning); you must type the node's name to confirm.
                Without a terminal the name is read from stdin; with nothing to read the cleanup is refused.
  --yes, -y     no typed confirmation (automation)
  --async, -a   let the service run it in the background and show a progress bar until it is finished
  --dry-run     only show the plan (same as: $PROG dry-run <id>)
Examples: $PROG cleanup-node 1
          $PROG cleanup-node nutanix-poc-bm-node-02 --force --async
Exit: 0 all deleted (HTTP 200); 1 some operations failed (207: see '$PROG failures'); 2 refused (409: live
      node without --force, or already running), unknown node (404), confirmation not given, or another error.
EOF
            ;;
        cleanup-deployment) cat <<EOF
Cleans up every node of a deployment (exact id, never a pattern) and its cluster-level DNS records. Refused as a
whole while a node is live, unless --force: then you type the deployment id to confirm.
  --force, -f   include live nodes (typed confirmation of the deployment id)
  --yes, -y     no typed confirmation (automation)
  --async, -a   run in the background with a progress bar
  --dry-run     only show the plan
Example: $PROG cleanup-deployment deployment-123
Exit: 0 all deleted; 1 partial (207); 2 unknown deployment (404), refused (409) or another error.
EOF
            ;;
        dry-run) cat <<EOF
The ordered deletion plan: lanes that run in parallel, their steps in order, each operation with the IBM Cloud
request it would send. Nothing is deleted. POST /api/cleanup/node/<id>?dry_run=true (or deployment).
Examples: $PROG dry-run 3
          $PROG dry-run --deployment deployment-123
Exit: 0; 2 for an unknown node or an error.
EOF
            ;;
        validate) cat <<EOF
Asks IBM Cloud, live, whether every resource tracked for a node (or a deployment) is gone, and prints each check
(PASS, FAIL, ERROR). GET /api/cleanup/validate/<id> or /validate/deployment/<id>.
Examples: $PROG validate 1
          $PROG validate --deployment deployment-123
Exit: 0 cleanup complete; 1 not complete (a check failed); 2 unknown node or an error.
EOF
            ;;
        cleanup-orphaned) cat <<EOF
Cleans up orphaned nodes: nodes left failed (failed, error, timeout, cleanup_failed; never live ones) and not
updated for the given hours (default 24, 1..8760). POST /api/cleanup/orphaned {"max_age_hours": N}.
Examples: $PROG cleanup-orphaned
          $PROG cleanup-orphaned 48
Exit: 0; 1 when some nodes could not be fully cleaned up; 2 bad hours or an error.
EOF
            ;;
        batch-nodes) cat <<EOF
Cleans up several nodes (names or ids, comma-separated; empty items are ignored). With --force live nodes are
included: you type their names (comma-separated, as shown) to confirm, or pass --yes.
POST /api/cleanup/batch {"operation": "cleanup_nodes", "targets": [...]}.
Example: $PROG batch-nodes node1,node2,node3
Exit: 0 every target cleaned up; 1 some failed; 2 an error.
EOF
            ;;
        batch-deployments) cat <<EOF
Cleans up several deployments (comma-separated ids). --force includes live nodes (typed confirmation of the list).
POST /api/cleanup/batch {"operation": "cleanup_deployments", "targets": [...]}.
Example: $PROG batch-deployments deployment-1,deployment-2
Exit: 0 every target cleaned up; 1 some failed; 2 an error.
EOF
            ;;
        batch-validate) cat <<EOF
Validates several nodes (comma-separated names or ids) and prints CLEAN or ISSUES for each.
POST /api/cleanup/batch {"operation": "validate_cleanup", "targets": [...]}.
Example: $PROG batch-validate node1,node2,node3
Exit: 0 all clean; 1 some not clean (or unknown); 2 an error.
EOF
            ;;
        script) cat <<EOF
Downloads a bash script that deletes what is not yet gone with the ibmcloud CLI (for when the service cannot reach
IBM Cloud), writes it to output_file (default cleanup-<deployment_id>.sh; for --node the service's name for it,
else cleanup-node-<id>.sh) and makes it executable. GET /api/cleanup/script/<id> or /script/node/<id>.
A script that would delete anything of a live node (deployed, provisioning) is refused, as a cleanup is:
  --force, -f   get it anyway (force=true); you must type the node name (or the deployment id) to confirm.
                Without a terminal the name is read from stdin; with nothing to read nothing is written.
  --yes, -y     no typed confirmation (automation)
The script lists at its top what it deletes, deletes nothing unless 'ibmcloud target' shows a session in the
service's region (else exit 2), asks you to type the node name (or deployment id) before the first delete (--yes for
unattended runs; without a terminal and without --yes it deletes nothing, exit 2), counts a resource as gone only
when the CLI says it was not found (any other error: exit 1), and exits 0 only when every resource was seen gone.
With CLEANUP_URL (and CLEANUP_API_TOKEN) in its environment it then tells the service, which marks those rows GONE
(exit 3, with a warning, when that fails); without, it prints the command: $PROG reconcile <id>.
Examples: $PROG script deployment-123          (writes cleanup-deployment-123.sh)
          $PROG script --node 3 node3.sh
          $PROG script --node nutanix-poc-bm-node-02 --force
Exit: 0 written; 2 unknown deployment or node, refused (409: a live node without --force), confirmation not given,
      or an error (no file is written).
EOF
            ;;
        reconcile) cat <<EOF
After resources were deleted outside the service (a cleanup script, by hand), tells the ledger: every tracked row of
the node (or of the deployment and its nodes) not yet GONE is looked up in IBM Cloud, live, and marked GONE only when
IBM answers 404; a resource that still exists, or one that could not be looked up, is left as it was. Deletes nothing.
POST /api/cleanup/reconcile/node/<id> or /reconcile/deployment/<id>.
Examples: $PROG reconcile 2
          $PROG reconcile --deployment demo-deployment
Exit: 0 every row now GONE; 1 some still present or not looked up (shown); 2 unknown node or deployment, a cleanup
      of it running (409), or another error.
EOF
            ;;
        failures) cat <<EOF
Deletions that did not succeed after every retry (or were blocked), newest first; open ones by default.
  --node, -n <name>        one node's          --deployment, -d <id>   one deployment's
  --type, -t <type>        one resource type (bare_metal_server, virtual_network_interface, subnet_reserved_ip, dns_record)
  --all, -a                also resolved and superseded ones (same as --status all)
  --status, -s <status>    open, resolved, superseded, all     --limit <n>
  --account <a>            only resources in this configured account     --region <r>   only in this region
Each line shows where the resource lives (account/region; a DNS record has no region).
Example: $PROG failures --node nutanix-poc-bm-node-01
         $PROG failures --account sandbox-2 --region eu-de
Exit: 0; 2 an error.
EOF
            ;;
        retry) cat <<EOF
Re-runs the cleanup of a failure's node (it resumes: what is gone is not touched again) and prints the result.
POST /api/cleanup/failures/<id>/retry.
Example: $PROG retry 7
Exit: 0 everything now deleted; 1 still failing; 2 unknown failure, not open (409) or an error.
EOF
            ;;
        runs) cat <<EOF
Cleanup runs (every cleanup is a run). Without an id: recent runs, newest first. With an id: the run's state,
progress and, once finished, its result.
  --state, -s <state>   accepted, running, completed, partial, failed
  --kind, -k <kind>     node or deployment          --limit, -l <n>   how many
  --wait, -w            (with a run id) follow it with a progress bar until finished; exit by its outcome
Examples: $PROG runs
          $PROG runs 8f0c5d6e-... --wait
Exit: 0 (with --wait: 0 completed, 1 partial, 2 failed); 2 unknown run or an error.
EOF
            ;;
        report) cat <<EOF
A run's report, written to stdout: one line per resource the run and its children (a batch's or sweep's node runs)
recorded, in order: type, IBM id, node, deployment, outcome, attempts, last error, IBM trace id, started, ended,
account, region. GET /api/cleanup/runs/<run_id>/report?format=json|csv[&account=&region=].
  --account <a>  only the lines of resources in this configured account
  --region <r>   only those in this configured region (DNS records have none)
  --csv   CSV (RFC 4180, a header line; a field starting with =, +, - or @ is prefixed with ', so a spreadsheet
          never reads it as a formula); default a JSON array
On a terminal it is shown with control characters as \\xNN; redirected, it is written exactly as the service sent it.
Examples: $PROG report 8f0c5d6e-... --csv > run.csv
          $PROG report 8f0c5d6e-... | jq '.[] | select(.outcome == "FAILED")'
Exit: 0 written; 2 unknown run, a bad id or an error (nothing is written to stdout).
EOF
            ;;
        drift) cat <<EOF
Drift between tracking and IBM Cloud, from live IBM list calls (GET /api/cleanup/drift/<node|deployment>/<id>):
  Untracked  resources IBM Cloud holds that nobody tracks, with the owner they would be adopted under and the
             exact evidence (attached to a tracked resource, a tracked address or record, named after the node)
  Ambiguous  evidence for more than one owner: shown, never adopted
  Missing    rows tracked as present that IBM Cloud answers 404 for
  Scanned    the collections listed, their pages and items, the list calls made
When there is something to adopt, you are asked to type the node name (or the deployment id) to confirm; anything
else adopts nothing. The ids shown are adopted (POST .../adopt {"ids": [...]}), so the next cleanup deletes them;
the service re-checks each one's evidence first and refuses what no longer has any. Without a terminal the answer is
read from stdin; with nothing to read, nothing is adopted.
  --mark-gone   also mark the missing rows GONE in the ledger (same confirmation); without it they are only shown
  --yes, -y     adopt without the typed confirmation (automation)
  --json        the report as JSON; nothing is adopted
Examples: $PROG drift node nutanix-poc-bm-node-01
          $PROG drift deployment demo-deployment --mark-gone
Exit: 0 no drift, or everything shown adopted (and marked) with nothing left; 1 drift left (not adopted, refused,
      ambiguous, missing rows without --mark-gone, an incomplete scan); 2 unknown node or deployment, a confirmation
      that does not match, or another error.
EOF
            ;;
        plan) cat <<EOF
Saves a plan of a node or a deployment (POST /api/plans): the dry run's resources in order, with the digest of the
tracked state they were computed from and an expiry (24 h by default). Deletes nothing. Prints the plan's short id,
its resources and when it expires.
  --force, -f   include a live node (deployed, provisioning); without it a live target is refused (409)
Examples: $PROG plan node nutanix-poc-bm-node-03
          $PROG plan deployment demo-deployment --force
Exit: 0 saved; 2 unknown node or deployment (404), a live target without --force (409), or another error.
EOF
            ;;
        apply) cat <<EOF
Applies a saved plan (POST /api/plans/<id>/apply): deletes exactly its resources and nothing recorded since, and
prints each cleanup's result. The plan's id or its short id (when unique). A plan is applied once: a second apply
(a retry) is refused and names the run that carries out the first, so nothing is deleted twice.
  --async, -a   let the service run it in the background and show a progress bar until it is finished
Refused, deleting nothing: the target's tracked state changed since the plan was saved (409 plan_stale: the rows
added or removed, states changed and owners moved are listed), the plan expired (410 plan_expired), or it was
applied already (409 plan_applied, with the run).
Examples: $PROG apply k3v7q2mx
          $PROG apply pl-k3v7q2mxa4bn5c6d7e2f --async
Exit: 0 every resource deleted (HTTP 200); 1 some failed (207); 2 stale, expired, applied already, unknown plan
      (404) or another error.
EOF
            ;;
        interactive) cat <<EOF
A numbered menu: choose an action, answer its questions (node, deployment, options); 0 or q quits. Choices and
answers are read from stdin, so it can be scripted; the end of input quits with exit 0.
EOF
            ;;
        *) help_main ;;
    esac
}

# ---------------------------------------------------------------------------------------------------------------
# main
# ---------------------------------------------------------------------------------------------------------------

COMMANDS=" status status-node status-deployment resources cleanup-node cleanup-deployment dry-run validate cleanup-orphaned"
COMMANDS+=" batch-nodes batch-deployments batch-validate script reconcile failures retry runs report drift plan apply interactive help "

dispatch() {
    local cmd=$1
    shift
    HINT=""
    case $cmd in
        status) cmd_status "$@" ;;
        status-node) cmd_status_node "$@" ;;
        status-deployment) cmd_status_deployment "$@" ;;
        resources) cmd_resources "$@" ;;
        cleanup-node) cmd_cleanup_node "$@" ;;
        cleanup-deployment) cmd_cleanup_deployment "$@" ;;
        dry-run) cmd_dry_run "$@" ;;
        validate) cmd_validate "$@" ;;
        cleanup-orphaned) cmd_cleanup_orphaned "$@" ;;
        batch-nodes) run_batch batch-nodes cleanup_nodes "$@" ;;
        batch-deployments) run_batch batch-deployments cleanup_deployments "$@" ;;
        batch-validate) run_batch batch-validate validate_cleanup "$@" ;;
        script) cmd_script "$@" ;;
        reconcile) cmd_reconcile "$@" ;;
        failures) cmd_failures "$@" ;;
        retry) cmd_retry "$@" ;;
        runs) cmd_runs "$@" ;;
        report) cmd_report "$@" ;;
        drift) cmd_drift "$@" ;;
        plan) cmd_plan "$@" ;;
        apply) cmd_apply "$@" ;;
        interactive) cmd_interactive "$@" ;;
        *) die 2 "unknown command '$cmd' (see: $PROG --help)" ;;
    esac
}

main() {
    local args=() help=0 a
    # global options may stand anywhere; "--" ends them
    while (($#)); do
        a=$1
        shift
        case $a in
            --json) JSON_OUT=1 ;;
            --no-color | --no-colour) NO_COLOR_FLAG=1 ;;
            --yes | -y) ASSUME_YES=1 ;;
            --help | -h) help=1 ;;
            --) args+=("$@"); break ;;
            *) args+=("$a") ;;
        esac
    done
    setup_colours
    set -- "${args[@]+"${args[@]}"}"

    if (($# == 0)); then
        if ((help)); then help_main; exit 0; fi
        set -- interactive
    fi
    local cmd=$1
    case $cmd in
        help)
            if (($# > 1)) && [[ $COMMANDS == *" $2 "* ]]; then help_cmd "$2"; else help_main; fi
            exit 0
            ;;
    esac
    if [[ ! $cmd =~ ^[a-z-]+$ || $COMMANDS != *" $cmd "* ]]; then
        err "Error: unknown command '$cmd'"
        note "Commands:$COMMANDS"
        note "See: $PROG --help"
        exit 2
    fi
    if ((help)); then help_cmd "$cmd"; exit 0; fi

    local tool
    for tool in curl jq; do
        if ! command -v "$tool" >/dev/null 2>&1; then
            die 2 "$tool is required but not installed (e.g. apt-get install $tool, or brew install $tool)."
        fi
    done
    TMP=$(mktemp -d "${TMPDIR:-/tmp}/cleanup-helper.XXXXXX")
    trap 'rm -rf "$TMP"' EXIT
    dispatch "$@"
}

main "$@"
