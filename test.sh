#!/usr/bin/env bash
# Builds the solution once and runs every test project:
#   1. tests/Maillage.Tests on SQLite (all tests);
#   2. tests/Maillage.Tests again on PostgreSQL (Category=Database only), each test class on its own database;
#   3. tests/Maillage.BrowserTests (when the project exists), Chromium driven by Playwright.
# It starts a throwaway PostgreSQL cluster and an SMTP server (aiosmtpd) for the run, and stops them on exit.
# Installs what is missing with apt-get when run as root (CI). Last line: "N passed, N failed, N skipped".
#
# At the end it prints each phase's duration and the 10 slowest tests, so a regression shows on the run that caused it.
#
# Options:
#   --filter X     runs only the matching tests in each phase (a developer's focused loop; no format check). X is a
#                  word of the test's full name (a class, a method, a namespace), or a dotnet test filter expression
#                  when it holds one of = ~ ! & | (e.g. "FullyQualifiedName~Lieux&Category!=Database").
#   --no-build     reuses the last Release build (with --filter, after a build of your own).
#   SKIP_FORMAT=1  skips the format check; TEST_RESULTS_DIR sets where the TRX files go.
set -uo pipefail

FILTER=
NO_BUILD=
while [ $# -gt 0 ]; do
    case "$1" in
        --filter) [ $# -ge 2 ] || { echo "test.sh: --filter needs a value" >&2; exit 2; }; FILTER=$2; shift 2 ;;
        --filter=*) FILTER=${1#--filter=}; shift ;;
        --no-build) NO_BUILD=1; shift ;;
        -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "test.sh: unknown option $1 (see ./test.sh --help)" >&2; exit 2 ;;
    esac
done
if [ -n "$FILTER" ]; then
    case "$FILTER" in
        *[=~!\&\|]*) ;;
        *) FILTER="FullyQualifiedName~$FILTER" ;;
    esac
fi

cd "$(dirname "$0")"
ROOT=$(pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 DOTNET_CLI_UI_LANGUAGE=en
RESULTS=${TEST_RESULTS_DIR:-$ROOT/TestResults}
START_TIME=$SECONDS
PHASES=()
phase_done() { PHASES+=("$(printf '%-28s %5d s' "$1" "$(( SECONDS - $2 ))")"); }

log() { printf '\n==> %s\n' "$*"; }
die() { printf 'test.sh: %s\n' "$*" >&2; echo "0 passed, 1 failed, 0 skipped"; exit 1; }

# ---------------------------------------------------------------------------------------------------------------
# Prerequisites: PostgreSQL server binaries, Chromium, aiosmtpd (Debian's python3 module).
# ---------------------------------------------------------------------------------------------------------------
pg_bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

missing=()
[ -n "$(pg_bindir)" ] && [ -x "$(pg_bindir)/initdb" ] || missing+=(postgresql)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
# The headless shell (same engine, no UI toolkit) starts and renders faster than the full browser; the tests prefer it.
[ -x /usr/lib/chromium/chromium-headless-shell ] || missing+=(chromium-headless-shell)
/usr/bin/python3 -c 'import aiosmtpd' >/dev/null 2>&1 || missing+=(python3-aiosmtpd)
install_start=$SECONDS
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" -eq 0 ]; then
        log "Installing ${missing[*]}"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq </dev/null || die "apt-get update failed"
        apt-get install -y -qq "${missing[@]}" </dev/null >/dev/null || die "apt-get install ${missing[*]} failed"
    else
        die "missing ${missing[*]}: install them (sudo apt-get install ${missing[*]}) or run as root"
    fi
fi
PGBIN=$(pg_bindir)
[ ${#missing[@]} -gt 0 ] && phase_done "install (apt-get)" "$install_start"

# ---------------------------------------------------------------------------------------------------------------
# Throwaway services, stopped on exit.
# ---------------------------------------------------------------------------------------------------------------
WORK=$(mktemp -d /tmp/maillage-test.XXXXXX)
chmod 755 "$WORK" # the postgres user must reach its data folder inside
PGDATA_DIR="$WORK/pg"
SMTP_PID=
PG_STARTED=

as_postgres() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

cleanup() {
    local code=$?
    if [ -n "$SMTP_PID" ]; then
        kill "$SMTP_PID" 2>/dev/null
        wait "$SMTP_PID" 2>/dev/null
    fi
    if [ -n "$PG_STARTED" ]; then
        as_postgres "$PGBIN/pg_ctl" -D "$PGDATA_DIR/data" -m immediate -w stop >/dev/null 2>&1
    fi
    rm -rf "$WORK"
    exit "$code"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port_is_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() {
    local port
    for _ in $(seq 1 200); do
        port=$((20000 + RANDOM % 40000))
        if port_is_free "$port"; then echo "$port"; return 0; fi
    done
    return 1
}
wait_for_port() {
    for _ in $(seq 1 200); do
        port_is_free "$1" || return 0
        sleep 0.1
    done
    return 1
}

services_start=$SECONDS
log "Starting PostgreSQL ($PGBIN)"
mkdir -p "$PGDATA_DIR"
[ "$(id -u)" -eq 0 ] && chown postgres "$PGDATA_DIR"
PG_PORT=$(free_port) || die "no free port for PostgreSQL"
as_postgres "$PGBIN/initdb" -D "$PGDATA_DIR/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >"$WORK/initdb.log" 2>&1 \
    || { cat "$WORK/initdb.log" >&2; die "initdb failed"; }
as_postgres "$PGBIN/pg_ctl" -D "$PGDATA_DIR/data" -l "$PGDATA_DIR/log" -w -t 60 start \
    -o "-p $PG_PORT -k $PGDATA_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c synchronous_commit=off -c max_connections=300" >/dev/null \
    || { cat "$PGDATA_DIR/log" >&2; die "PostgreSQL did not start"; }
PG_STARTED=1
export MAILLAGE_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=postgres"
echo "PostgreSQL on 127.0.0.1:$PG_PORT"

log "Starting the SMTP server (aiosmtpd)"
MAILDIR="$WORK/mail"
mkdir -p "$MAILDIR/new" "$MAILDIR/cur" "$MAILDIR/tmp"
SMTP_PORT=$(free_port) || die "no free port for SMTP"
/usr/bin/python3 -m aiosmtpd -n -l "127.0.0.1:$SMTP_PORT" -c aiosmtpd.handlers.Mailbox "$MAILDIR" </dev/null >"$WORK/smtp.log" 2>&1 &
SMTP_PID=$!
wait_for_port "$SMTP_PORT" || { cat "$WORK/smtp.log" >&2; die "aiosmtpd did not start"; }
export MAILLAGE_TEST_SMTP_PORT=$SMTP_PORT MAILLAGE_TEST_SMTP_DIR=$MAILDIR
echo "SMTP on 127.0.0.1:$SMTP_PORT, maildir $MAILDIR"
phase_done "services (PostgreSQL, SMTP)" "$services_start"

# ---------------------------------------------------------------------------------------------------------------
# Build once, then check formatting.
# ---------------------------------------------------------------------------------------------------------------
BROWSER_PROJECT=
if ls tests/Maillage.BrowserTests/*.csproj >/dev/null 2>&1; then
    BROWSER_PROJECT=$(ls tests/Maillage.BrowserTests/*.csproj | head -n 1)
fi

if [ -z "$NO_BUILD" ]; then
    build_start=$SECONDS
    log "Building Maillage.slnx (Release; code style enforced by the build, see Directory.Build.props)"
    dotnet build Maillage.slnx -c Release -nologo -clp:ErrorsOnly || die "the build failed"
    if [ -n "$BROWSER_PROJECT" ] && ! grep -q "Maillage.BrowserTests" Maillage.slnx; then
        log "Building $BROWSER_PROJECT (not in Maillage.slnx)"
        dotnet build "$BROWSER_PROJECT" -c Release -nologo -clp:ErrorsOnly || die "the build of $BROWSER_PROJECT failed"
    fi
    phase_done "build" "$build_start"
fi

# Style rules run in the build (EnforceCodeStyleInBuild, warnings are errors); whitespace and the order of the usings
# are checked here, on the files themselves, which needs no MSBuild workspace: seconds instead of the full
# `dotnet format` (1.5 to 2 minutes, the same findings). See docs/decisions/0006-suite-de-tests-rapide.md.
FORMAT_FAILED=
if [ "${SKIP_FORMAT:-}" != "1" ] && [ -z "$FILTER" ]; then
    log "Checking formatting (dotnet format whitespace --folder --verify-no-changes)"
    format_start=$SECONDS
    if dotnet format whitespace --folder --verify-no-changes -v quiet >"$WORK/format.log" 2>&1; then
        echo "Formatting OK ($((SECONDS - format_start)) s)"
    else
        FORMAT_FAILED=1
        files=$(grep -o '^[^(]*\.cs' "$WORK/format.log" | sort -u | wc -l)
        head -n 40 "$WORK/format.log" | sed "s|$ROOT/||g" >&2
        echo "FORMAT CHECK FAILED ($((SECONDS - format_start)) s): $files file(s) do not follow .editorconfig. Run 'dotnet format Maillage.slnx' and commit the result." >&2
    fi
    phase_done "format" "$format_start"
fi

# ---------------------------------------------------------------------------------------------------------------
# Test runs.
# ---------------------------------------------------------------------------------------------------------------
rm -rf "$RESULTS"
mkdir -p "$RESULTS"
TOTAL_PASSED=0
TOTAL_FAILED=0
TOTAL_SKIPPED=0
TOTAL_EXECUTED=0
RUN_FAILED=

counter() { grep -o "<Counters [^>]*" "$1" | grep -o " $2=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }

# run_tests NAME PROJECT [extra dotnet test args...] — runs one project, reads its TRX and prints its own summary.
run_tests() {
    local name=$1 project=$2 filter=$3
    shift 3
    log "Tests: $name${filter:+ (filter: $filter)}"
    local trx="$RESULTS/$name.trx" start=$SECONDS
    local args=()
    [ -n "$filter" ] && args+=(--filter "$filter")
    dotnet test "$project" --no-build -c Release --nologo \
        --logger "trx;LogFileName=$trx" --logger "console;verbosity=minimal" \
        --results-directory "$RESULTS" --blame-hang-timeout 10m "${args[@]}" "$@"
    local code=$?
    phase_done "$name" "$start"
    if [ -n "$filter" ] && [ ! -f "$trx" ] && [ "$code" -eq 0 ]; then
        echo "$name: no test matches the filter"
        return
    fi
    if [ ! -f "$trx" ]; then
        echo "$name: no test results (dotnet test exited with $code)"
        RUN_FAILED=1
        TOTAL_FAILED=$((TOTAL_FAILED + 1))
        return
    fi
    local total executed passed failed errors timeouts aborted skipped
    total=$(counter "$trx" total)
    executed=$(counter "$trx" executed)
    passed=$(counter "$trx" passed)
    failed=$(counter "$trx" failed)
    errors=$(counter "$trx" error)
    timeouts=$(counter "$trx" timeout)
    aborted=$(counter "$trx" aborted)
    skipped=$(counter "$trx" notExecuted)
    failed=$((failed + errors + timeouts + aborted))
    echo "$name ($total tests) - $passed passed, $failed failed, $skipped skipped"
    TOTAL_PASSED=$((TOTAL_PASSED + passed))
    TOTAL_FAILED=$((TOTAL_FAILED + failed))
    TOTAL_SKIPPED=$((TOTAL_SKIPPED + skipped))
    TOTAL_EXECUTED=$((TOTAL_EXECUTED + executed))
    if [ "$code" -ne 0 ] || { [ "$executed" -eq 0 ] && [ -z "$filter" ]; }; then
        RUN_FAILED=1
    fi
}

PG_FILTER="Category=Database"
[ -n "$FILTER" ] && PG_FILTER="Category=Database&($FILTER)"
MAILLAGE_TEST_DB=sqlite run_tests "unit-and-integration-sqlite" tests/Maillage.Tests/Maillage.Tests.csproj "$FILTER"
MAILLAGE_TEST_DB=postgres run_tests "integration-postgres" tests/Maillage.Tests/Maillage.Tests.csproj "$PG_FILTER"
if [ -n "$BROWSER_PROJECT" ]; then
    export MAILLAGE_SCREENSHOTS_DIR="$RESULTS/screenshots"
    MAILLAGE_TEST_DB=sqlite run_tests "browser" "$BROWSER_PROJECT" "$FILTER"
fi

log "Phase durations"
printf '  %s\n' "${PHASES[@]}"
if ls "$RESULTS"/*.trx >/dev/null 2>&1; then
    log "The 10 slowest tests"
    /usr/bin/python3 tools/slowest-tests.py 10 "$RESULTS"/*.trx || echo "(could not read the TRX files)"
fi

log "Done in $((SECONDS - START_TIME)) s"
status=0
[ -n "$FORMAT_FAILED" ] && { echo "Formatting check failed (see above)."; status=1; }
[ -n "$RUN_FAILED" ] && { echo "At least one test run failed."; status=1; }
[ "$TOTAL_FAILED" -gt 0 ] && status=1
[ "$TOTAL_EXECUTED" -eq 0 ] && { echo "No test ran${FILTER:+ (no test matches $FILTER)}."; status=1; }
echo "$TOTAL_PASSED passed, $TOTAL_FAILED failed, $TOTAL_SKIPPED skipped"
exit "$status"
