#!/usr/bin/env bash
# Starts or stops a throwaway PostgreSQL on 127.0.0.1:$PGPORT for the tests (Debian's package).
# Usage: .ci/postgres.sh start|stop|pause|resume DIR
#   pause/resume stop and restart the same server on the same port (the database-outage test uses them).
set -euo pipefail
action=$1
dir=$2
# A free loopback port unless PGPORT says otherwise, so a server already running here is no obstacle.
port=${PGPORT:-$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)

as_postgres() {
  if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$1"; else bash -c "$1"; fi
}

case "$action" in
  start)
    if [ -z "$bin" ]; then
      if [ "$(id -u)" = 0 ]; then sudo_cmd=""; else sudo_cmd="sudo"; fi
      $sudo_cmd apt-get update -qq
      DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq postgresql >/dev/null
      bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
    fi
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    echo "$port" > "$dir/port"
    as_postgres "$bin/initdb -D '$dir/data' -A trust -U postgres >/dev/null"
    if ! as_postgres "$bin/pg_ctl -D '$dir/data' -l '$dir/log' -w -o \"-p $port -k '$dir' -c listen_addresses=127.0.0.1 -c fsync=off\" start >/dev/null"; then
      cat "$dir/log" >&2
      exit 1
    fi
    echo "postgresql://postgres@127.0.0.1:$port/postgres"
    ;;
  stop | pause)
    if [ -n "$bin" ] && [ -d "$dir/data" ]; then
      as_postgres "$bin/pg_ctl -D '$dir/data' -m fast stop >/dev/null" || true
    fi
    ;;
  resume)
    if as_postgres "$bin/pg_ctl -D '$dir/data' status >/dev/null"; then exit 0; fi  # already running
    port=$(cat "$dir/port")
    as_postgres "$bin/pg_ctl -D '$dir/data' -l '$dir/log' -w -o \"-p $port -k '$dir' -c listen_addresses=127.0.0.1 -c fsync=off\" start >/dev/null"
    ;;
  *)
    echo "usage: $0 start|stop|pause|resume DIR" >&2
    exit 2
    ;;
esac
