#!/usr/bin/env bash
# Starts and stops the real services the tests use: pcscd with the vpcd virtual reader, cupsd with a
# cups-pdf queue, and a throwaway PostgreSQL cluster on loopback. Only what this script started is stopped,
# by PID. `start` writes .test-state/services.env (source it to run tests by hand).
#   scripts/services.sh start | stop | status
set -euo pipefail
cd "$(dirname "$0")/.."
STATE=.test-state
mkdir -p "$STATE"
STATE=$(cd "$STATE" && pwd)
ENVFILE="$STATE/services.env"
QUEUE=dmp-test-pdf
PGPORT=${DMP_DESKTOP_PGPORT:-55432}
[ -f .test-state/pg.port ] && PGPORT=$(cat .test-state/pg.port)
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)

log() { echo "services: $*"; }

wait_for() {  # wait_for SECONDS command...
  local end=$((SECONDS + $1)); shift
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -lt $end ] || return 1
    sleep 0.1
  done
}

start_pcscd() {
  if pidof pcscd >/dev/null; then log "pcscd already running (pid $(pidof pcscd)), using it"; return; fi
  command -v pcscd >/dev/null || { log "pcscd is not installed"; return 1; }
  pcscd -f >"$STATE/pcscd.log" 2>&1 &
  echo $! >"$STATE/pcscd.pid"
  wait_for 10 test -S /run/pcscd/pcscd.comm || { log "pcscd did not start, see $STATE/pcscd.log"; return 1; }
  log "pcscd started (pid $(cat "$STATE/pcscd.pid"))"
}

start_cups() {
  # cups-pdf writes each job to this folder (the default, $HOME/PDF, depends on who prints)
  local out=/var/spool/cups-pdf/dmp-desktop
  mkdir -p "$out"; chmod 1777 "$out"
  if ! grep -q "^Out $out\$" /etc/cups/cups-pdf.conf; then
    sed -i "s|^#\?Out .*|Out $out|" /etc/cups/cups-pdf.conf
  fi
  if ! lpstat -r 2>/dev/null | grep -q "is running"; then
    /usr/sbin/cupsd -f >"$STATE/cupsd.log" 2>&1 &
    echo $! >"$STATE/cupsd.pid"
    wait_for 15 sh -c 'lpstat -r | grep -q "is running"' || { log "cupsd did not start"; return 1; }
    log "cupsd started (pid $(cat "$STATE/cupsd.pid"))"
  else
    log "cupsd already running, using it"
  fi
  if ! lpstat -p "$QUEUE" >/dev/null 2>&1; then
    lpadmin -p "$QUEUE" -v cups-pdf:/ -m lsb/usr/cups-pdf/CUPS-PDF_opt.ppd -E 2>/dev/null
  fi
  cupsenable "$QUEUE"; cupsaccept "$QUEUE"
  lpadmin -d "$QUEUE"
  echo "$out" >"$STATE/cups.out"
}

start_postgres() {
  [ -n "$PGBIN" ] || { log "PostgreSQL is not installed"; return 1; }
  if [ -f "$STATE/pg.dir" ] && "$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$PGPORT"; then
    log "PostgreSQL already running on $PGPORT, using it"; return
  fi
  # another cluster (another checkout's) may hold the port: take the next free one
  while "$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$PGPORT" || (echo >"/dev/tcp/127.0.0.1/$PGPORT") 2>/dev/null; do
    PGPORT=$((PGPORT + 1))
  done
  echo "$PGPORT" >"$STATE/pg.port"
  # the cluster lives outside the work tree: initdb runs as postgres and needs every parent traversable
  local base; base=$(mktemp -d /tmp/dmp-desktop-pg.XXXXXX)
  chmod 755 "$base"; chown postgres:postgres "$base"
  echo "$base" >"$STATE/pg.dir"
  runuser -u postgres -- "$PGBIN/initdb" -D "$base/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 \
    --no-sync >"$STATE/initdb.log" 2>&1
  runuser -u postgres -- "$PGBIN/pg_ctl" -D "$base/data" -l "$base/server.log" -w -t 30 \
    -o "-p $PGPORT -c listen_addresses=127.0.0.1 -k $base -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null
  runuser -u postgres -- "$PGBIN/createdb" -h 127.0.0.1 -p "$PGPORT" dmp_test
  log "PostgreSQL started on 127.0.0.1:$PGPORT ($base)"
}

write_env() {
  {
    echo "export DMP_DESKTOP_TEST_PCSC=1"
    echo "export DMP_DESKTOP_TEST_PRINTER=$QUEUE"
    echo "export DMP_DESKTOP_TEST_PRINTER_OUT=$(cat "$STATE/cups.out")"
    echo "export DMP_DESKTOP_TEST_PG_URL=postgresql+psycopg://postgres@127.0.0.1:$PGPORT/dmp_test"
  } >"$ENVFILE"
}

stop_pid() {  # stop_pid NAME: stop what we started, by its recorded PID
  local f="$STATE/$1.pid"
  [ -f "$f" ] || return 0
  local pid; pid=$(cat "$f")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    log "$1 stopped (pid $pid)"
  fi
  rm -f "$f"
}

case "${1:-}" in
  start)
    if [ "$(id -u)" -ne 0 ]; then
      log "starting pcscd, cupsd and PostgreSQL for the tests needs root (run the test command as root)" >&2
      exit 1
    fi
    start_pcscd
    start_cups
    start_postgres
    write_env
    ;;
  stop)
    if [ -f "$STATE/pcscd.pid" ] && ! kill -0 "$(cat "$STATE/pcscd.pid")" 2>/dev/null && pidof pcscd >/dev/null; then
      # the pcscd-restart test replaced the pcscd we started: that one is ours too
      pidof pcscd | cut -d' ' -f1 >"$STATE/pcscd.pid"
    fi
    stop_pid pcscd
    stop_pid cupsd
    if [ -f "$STATE/pg.dir" ]; then
      base=$(cat "$STATE/pg.dir")
      if [ -d "$base/data" ]; then
        runuser -u postgres -- "$PGBIN/pg_ctl" -D "$base/data" -m fast -w stop >/dev/null 2>&1 || true
        log "PostgreSQL stopped"
      fi
      rm -rf "$base" "$STATE/pg.dir" "$STATE/pg.port"
    fi
    rm -f "$ENVFILE"
    ;;
  status)
    pidof pcscd >/dev/null && echo "pcscd: running" || echo "pcscd: stopped"
    lpstat -r 2>/dev/null || echo "cupsd: stopped"
    [ -n "$PGBIN" ] && "$PGBIN/pg_isready" -h 127.0.0.1 -p "$PGPORT" || true
    ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
