#!/usr/bin/env bash
# Builds the solution once and runs every test project:
#   1. tests/Maillage.Tests on SQLite (all tests);
#   2. tests/Maillage.Tests again on PostgreSQL (Category=Database only), each test class on its own database;
#   3. tests/Maillage.BrowserTests (when the project exists), Chromium driven by Playwright.
# It starts a throwaway PostgreSQL cluster and an SMTP server (aiosmtpd) for the run, and stops them on exit.
# Installs what is missing with apt-get when run as root (CI). Last line: "N passed, N failed, N skipped".
#
# Options: SKIP_FORMAT=1 skips the `dotnet format` check; TEST_RESULTS_DIR sets where the TRX files go.
set -uo pipefail

cd "$(dirname "$0")"
ROOT=$(pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 DOTNET_CLI_UI_LANGUAGE=en
RESULTS=${TEST_RESULTS_DIR:-$ROOT/TestResults}
START_TIME=$SECONDS

log() { printf '\n==> %s\n' "$*"; }
die() { printf 'test.sh: %s\n' "$*" >&2; echo "0 passed, 1 failed, 0 skipped"; exit 1; }

# ---------------------------------------------------------------------------------------------------------------
# Prerequisites: PostgreSQL server binaries, Chromium, aiosmtpd (Debian's python3 module).
# ---------------------------------------------------------------------------------------------------------------
pg_bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

missing=()
[ -n "$(pg_bindir)" ] && [ -x "$(pg_bindir)/initdb" ] || missing+=(postgresql)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
/usr/bin/python3 -c 'import aiosmtpd' >/dev/null 2>&1 || missing+=(python3-aiosmtpd)
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

# ---------------------------------------------------------------------------------------------------------------
# Build once, then check formatting.
# ---------------------------------------------------------------------------------------------------------------
log "Building Maillage.slnx (Release)"
dotnet build Maillage.slnx -c Release -nologo -clp:ErrorsOnly || die "the build failed"

BROWSER_PROJECT=
if ls tests/Maillage.BrowserTests/*.csproj >/dev/null 2>&1; then
    BROWSER_PROJECT=$(ls tests/Maillage.BrowserTests/*.csproj | head -n 1)
    if ! grep -q "Maillage.BrowserTests" Maillage.slnx; then
        log "Building $BROWSER_PROJECT (not in Maillage.slnx)"
        dotnet build "$BROWSER_PROJECT" -c Release -nologo -clp:ErrorsOnly || die "the build of $BROWSER_PROJECT failed"
    fi
fi

FORMAT_FAILED=
if [ "${SKIP_FORMAT:-}" != "1" ]; then
    log "Checking formatting (dotnet format --verify-no-changes)"
    format_start=$SECONDS
    if dotnet format Maillage.slnx --verify-no-changes --no-restore -v quiet >"$WORK/format.log" 2>&1; then
        echo "Formatting OK ($((SECONDS - format_start)) s)"
    else
        FORMAT_FAILED=1
        files=$(grep -o '^[^(]*\.cs' "$WORK/format.log" | sort -u | wc -l)
        head -n 40 "$WORK/format.log" | sed "s|$ROOT/||g" >&2
        echo "FORMAT CHECK FAILED ($((SECONDS - format_start)) s): $files file(s) do not follow .editorconfig. Run 'dotnet format Maillage.slnx' and commit the result." >&2
    fi
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
    local name=$1 project=$2
    shift 2
    log "Tests: $name"
    local trx="$RESULTS/$name.trx"
    dotnet test "$project" --no-build -c Release --nologo \
        --logger "trx;LogFileName=$trx" --logger "console;verbosity=minimal" \
        --results-directory "$RESULTS" --blame-hang-timeout 10m "$@"
    local code=$?
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
    if [ "$code" -ne 0 ] || [ "$executed" -eq 0 ]; then
        RUN_FAILED=1
    fi
}

MAILLAGE_TEST_DB=sqlite run_tests "unit-and-integration-sqlite" tests/Maillage.Tests/Maillage.Tests.csproj
MAILLAGE_TEST_DB=postgres run_tests "integration-postgres" tests/Maillage.Tests/Maillage.Tests.csproj --filter "Category=Database"
if [ -n "$BROWSER_PROJECT" ]; then
    export MAILLAGE_SCREENSHOTS_DIR="$RESULTS/screenshots"
    MAILLAGE_TEST_DB=sqlite run_tests "browser" "$BROWSER_PROJECT"
fi

log "Done in $((SECONDS - START_TIME)) s"
status=0
[ -n "$FORMAT_FAILED" ] && { echo "Formatting check failed (see above)."; status=1; }
[ -n "$RUN_FAILED" ] && { echo "At least one test run failed."; status=1; }
[ "$TOTAL_FAILED" -gt 0 ] && status=1
[ "$TOTAL_EXECUTED" -eq 0 ] && { echo "No test ran."; status=1; }
echo "$TOTAL_PASSED passed, $TOTAL_FAILED failed, $TOTAL_SKIPPED skipped"
exit "$status"
