#!/usr/bin/env bash
# Runs `bin/paperstream up` and `ingest` as a developer would, then looks at the running stack as another local
# user could: command lines of every process (the CLI's own while it posts included), file modes under var/, the
# database server's user and address.
# The launcher runs from a copy in SCRATCH (so its var/ is SCRATCH/var, not the checkout's), with the
# checkout's builds and seeds linked in. Ports come from the PAPERSTREAM_*_PORT variables of the caller.
# Prints one "FAIL: ..." line per problem and exits 1 when there is one.
#
# Usage: launcher-security.sh REPOSITORY_ROOT SCRATCH_DIR
set -euo pipefail

repo=$1
scratch=$2
failures=0
fail() {
  printf 'FAIL: %s\n' "$*"
  failures=$((failures + 1))
}

# a stack left running by an aborted run of this script: stop it before its var/ goes
[[ -x $scratch/bin/paperstream ]] && (cd "$scratch" && bin/paperstream down) || true
rm -rf "$scratch"
mkdir -p "$scratch/bin"
cp "$repo/bin/paperstream" "$scratch/bin/paperstream"
for linked in paperstream-local ingest-service enrich-service query-service seeds; do
  ln -s "$repo/$linked" "$scratch/$linked"
done

cd "$scratch"
stop() { bin/paperstream down || true; }
trap stop EXIT

# the broker and the database, ingest (the token) and query (the database role): enrich adds nothing here
PAPERSTREAM_SERVICES="ingest query" bin/paperstream up --no-build --no-seeds

# every command line on the machine, read again and again while `ingest` runs: the CLI's own process and
# anything it might start are seen while they post with the token
# a process may end between the glob and the read: its line is skipped, never the script's end (set -e)
all_command_lines() {
  for cmdline in /proc/[0-9]*/cmdline; do { tr '\0' ' ' <"$cmdline" && echo; } 2>/dev/null || true; done
}
seed=$(find -H "$repo/seeds" -maxdepth 1 -type f | sort | head -n 1)
bin/paperstream ingest "$seed" >ingest-output 2>&1 &
ingest_pid=$!
: >seen-command-lines
while kill -0 "$ingest_pid" 2>/dev/null; do
  all_command_lines >>seen-command-lines
  sleep 0.05
done
wait "$ingest_pid" || true
ingested=$(<ingest-output)
printf '%s\n' "$ingested"
[[ $ingested =~ :\ ([0-9]+)\ accepted ]] && ((BASH_REMATCH[1] > 0)) \
  || fail "ingest with the token from var/ingest.token accepted nothing: $ingested"
grep -q 'PaperstreamCommand ingest' seen-command-lines || fail "the ingest command was never seen running"

# --- no secret on any command line
secrets=("$(<var/ingest.token)" "$(<var/postgres/superuser.password)" "$(<var/postgres/role.password)")
names=(ingest.token superuser.password role.password)
command_lines="$(all_command_lines)
$(<seen-command-lines)"
for i in "${!secrets[@]}"; do                  # [[ ]] matches inside bash: no grep with a secret argument
  [[ -n ${secrets[i]} ]] || fail "${names[i]} is empty"
  [[ $command_lines != *"${secrets[i]}"* ]] || fail "the content of ${names[i]} is on a command line"
done

# --- files
writable=$(find var -perm -o+w)
[[ -z $writable ]] || fail "writable by others under var/: $writable"
for file in var/ingest.token var/postgres/superuser.password var/postgres/role.password; do
  [[ $(stat -c %a "$file") == 600 ]] || fail "$file has mode $(stat -c %a "$file"), not 600"
done

# --- the database server
postmaster=$(head -n 1 var/postgres/data/postmaster.pid)
server_uid=$(stat -c %u "/proc/$postmaster")
if [[ $(id -u) == 0 ]]; then
  [[ $server_uid != 0 ]] || fail "the PostgreSQL server (pid $postmaster) runs as root"
fi
[[ $(stat -c %u var/postgres/data) == "$server_uid" ]] \
  || fail "var/postgres/data belongs to uid $(stat -c %u var/postgres/data), the server runs as uid $server_uid"
[[ $(stat -c %a var/postgres/data) == 700 ]] || fail "var/postgres/data has mode $(stat -c %a var/postgres/data)"
addresses=$(ss -Hltn "sport = :$PAPERSTREAM_POSTGRES_PORT" | awk '{print $4}')
[[ -n $addresses && -z $(grep -v "^127\.0\.0\.1:$PAPERSTREAM_POSTGRES_PORT\$" <<<"$addresses" || true) ]] \
  || fail "PostgreSQL listens on: $(tr '\n' ' ' <<<"$addresses") (only 127.0.0.1 expected)"
if grep -q "\.s\.PGSQL\.$PAPERSTREAM_POSTGRES_PORT" /proc/net/unix; then
  fail "PostgreSQL has a Unix socket"
fi

trap - EXIT
bin/paperstream down
if kill -0 "$postmaster" 2>/dev/null; then
  fail "the PostgreSQL server (pid $postmaster) still runs after down"
fi
((failures == 0)) || exit 1
echo "launcher security: all checks passed"
