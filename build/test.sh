#!/usr/bin/env bash
# Runs every test in the solution (the README's "run all tests" command; CI runs it through .ci/run).
# Installs PostgreSQL when its server binaries are missing: the tests start a private cluster from them,
# unless EVENTFRAMEWORK_PG holds a connection string. Installs and starts RabbitMQ (for the MassTransit
# tests) unless RABBITMQ_URL names a broker. Extra arguments go to `dotnet test`:
#   build/test.sh --filter "FullyQualifiedName~Postgres"
# Ends with one line "N passed, N failed, N skipped"; exits non-zero when the build or a test failed,
# a test host crashed, or no test ran.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

install_postgres() {
  if [[ -n ${EVENTFRAMEWORK_PG:-} ]] || compgen -G '/usr/lib/postgresql/*/bin/initdb' > /dev/null; then
    return
  fi
  echo "PostgreSQL server binaries not found under /usr/lib/postgresql: installing the postgresql package."
  local sudo=()
  if [[ $(id -u) -ne 0 ]]; then
    if ! command -v sudo > /dev/null; then
      echo "error: installing PostgreSQL needs root or sudo. Install the 'postgresql' package," \
        "or set EVENTFRAMEWORK_PG to a connection string, then run build/test.sh again." >&2
      exit 1
    fi
    sudo=(sudo)
  fi
  "${sudo[@]}" apt-get update
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql
}

# RabbitMQ for the MassTransit tests: the broker at RABBITMQ_URL when set; otherwise the local one from
# Debian's rabbitmq-server package, installed when missing and started (no systemd: -detached) when it
# does not answer on 127.0.0.1:5672.
rabbitmq_answers() {
  rabbitmqctl -q await_startup > /dev/null 2>&1 && (exec 3<> /dev/tcp/127.0.0.1/5672) 2> /dev/null
}

start_rabbitmq() {
  if [[ -n ${RABBITMQ_URL:-} ]]; then
    return
  fi
  local sudo=()
  if [[ $(id -u) -ne 0 ]]; then
    if ! command -v sudo > /dev/null; then
      echo "error: installing or starting RabbitMQ needs root or sudo. Install and start the 'rabbitmq-server'" \
        "package, or set RABBITMQ_URL (amqp://user:password@host:5672/), then run build/test.sh again." >&2
      exit 1
    fi
    sudo=(sudo)
  fi
  if ! command -v rabbitmq-server > /dev/null && [[ ! -x /usr/sbin/rabbitmq-server ]]; then
    echo "RabbitMQ not found: installing the rabbitmq-server package."
    "${sudo[@]}" apt-get update
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y rabbitmq-server
  fi
  if "${sudo[@]}" bash -c "$(declare -f rabbitmq_answers); rabbitmq_answers"; then
    return
  fi
  echo "Starting RabbitMQ (rabbitmq-server -detached)."
  "${sudo[@]}" rabbitmq-server -detached
  for _ in $(seq 90); do
    if "${sudo[@]}" bash -c "$(declare -f rabbitmq_answers); rabbitmq_answers"; then
      return
    fi
    sleep 2
  done
  echo "error: RabbitMQ did not start within 3 minutes; see /var/log/rabbitmq/." >&2
  exit 1
}

install_postgres
start_rabbitmq

log=$(mktemp)
trap 'rm -f "$log"' EXIT

# English output: the per-project summary lines are parsed below.
export DOTNET_CLI_UI_LANGUAGE=en DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
status=0
dotnet test "$repo/EventFramework.sln" -c Release --logger "console;verbosity=minimal" "$@" 2>&1 | tee "$log" \
  || status=${PIPESTATUS[0]}

# One line per test assembly, e.g.
#   Passed!  - Failed:     0, Passed:     3, Skipped:     0, Total:     3, Duration: 1 s - X.Tests.dll (net10.0)
# A project without tests prints none, so it adds nothing.
read -r failed passed skipped < <(
  sed 's/\x1b\[[0-9;]*m//g' "$log" |
    sed -nE 's/^ *(Passed|Failed)! +- +Failed: *([0-9]+), +Passed: *([0-9]+), +Skipped: *([0-9]+),.*/\2 \3 \4/p' |
    awk '{ f += $1; p += $2; s += $3 } END { print f + 0, p + 0, s + 0 }'
)

if ((failed > 0)); then
  echo "error: $failed test(s) failed: see above." >&2
  status=1
elif ((status != 0)); then
  echo "error: dotnet test exited with $status (a build error or a crashed test host: see above)." >&2
elif ((passed == 0)); then
  echo "error: no test ran." >&2
  status=1
fi
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
