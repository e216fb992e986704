#!/usr/bin/env bash
# A throw-away PostgreSQL server for the team register's tests: `pg.sh start DIR` makes a cluster
# in DIR (Debian's PostgreSQL 15, run as the `postgres` user since the server refuses root), starts
# it on a Unix socket in DIR and on a free loopback port, and prints the lines to `eval`:
# VETTED_TEST_PG (a superuser's URL) and PGPASSFILE. `pg.sh stop DIR` stops it and removes DIR;
# `halt` stops it at once (as a crash would) and `resume` starts it again, for fault tests;
# `standby` makes a hot standby streaming from it (DIR/standby, its port printed) and `promote`
# makes that the primary, for a failover.
# The server speaks TLS with a certificate for `localhost` from a test CA made here (DIR/tls/ca.crt,
# printed as VETTED_TEST_PG_CA; DIR/tls/other-ca.crt is a CA that did not sign it), so the tests'
# connections, which prefer TLS as Vetted's do, use it, and `sslmode=verify-full` can be tested.
# The login `vetted_cert` (made by the tests) signs in with a client certificate from the same CA
# (DIR/tls/client.crt and client.key) instead of a password.
set -euo pipefail

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[[ -x "$bin/initdb" ]] || { echo "pg.sh: PostgreSQL's server is missing (apt-get install postgresql)" >&2; exit 1; }

as_postgres() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# The server's TLS settings: its certificate, and the CA its clients' certificates come from.
tls_options() {
  echo "-c ssl=on -c ssl_cert_file=$1/server.crt -c ssl_key_file=$1/server.key -c ssl_ca_file=$1/ca.crt"
}

# The port of the server started in DIR (the first its password file names).
port_of() {
  sed -n 's/^127.0.0.1:\([0-9]*\):.*/\1/p' "$1/pgpass.client" | head -1
}

cmd=${1:?usage: pg.sh start|stop DIR}
dir=${2:?usage: pg.sh start|stop DIR}
case "$cmd" in
  start)
    mkdir -p "$dir"
    [[ $(id -u) -eq 0 ]] && chown postgres: "$dir"
    chmod 700 "$dir"
    password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
    printf '%s\n' "$password" > "$dir/pw"
    [[ $(id -u) -eq 0 ]] && chown postgres: "$dir/pw"
    as_postgres "$bin/initdb" -D "$dir/data" -A scram-sha-256 -U vetted_test --pwfile="$dir/pw" -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    # A test CA and the server's certificate (EC P-256, for two days), and a second CA.
    tls="$dir/tls"
    mkdir -p "$tls"
    (
      cd "$tls"
      ec=(-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes)
      for ca in ca other-ca; do
        openssl req -x509 "${ec[@]}" -keyout "$ca.key" -out "$ca.crt" -days 2 -subj "/CN=Vetted test $ca" \
          -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
      done
      openssl req "${ec[@]}" -keyout server.key -out server.csr -subj "/CN=localhost" 2>/dev/null
      printf 'subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n' > server.ext
      openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out server.crt -days 2 -extfile server.ext 2>/dev/null
      openssl req "${ec[@]}" -keyout client.key -out client.csr -subj "/CN=vetted_cert" 2>/dev/null
      printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n' > client.ext
      openssl x509 -req -in client.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out client.crt -days 2 -extfile client.ext 2>/dev/null
      chmod 600 server.key client.key
      chmod 644 ca.crt other-ca.crt
    ) || { echo "pg.sh: could not make the test CA (openssl)" >&2; exit 1; }
    [[ $(id -u) -eq 0 ]] && chown -R postgres: "$tls"
    # The client's key stays the test runner's (the server has no need of it).
    [[ $(id -u) -eq 0 ]] && chown root: "$tls/client.key"
    chmod 755 "$tls"
    # vetted_cert over TLS with its certificate only; everyone else as initdb set up (a password).
    hba="$dir/data/pg_hba.conf"
    { echo "hostssl all vetted_cert 127.0.0.1/32 cert"; cat "$hba"; } > "$hba.new" && mv "$hba.new" "$hba"
    [[ $(id -u) -eq 0 ]] && chown postgres: "$hba"
    tls_opts=$(tls_options "$tls")
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    as_postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
      -o "-k $dir -p $port -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off $tls_opts" start >/dev/null \
      || { cat "$dir/server.log" >&2; exit 1; }
    # The client side's password file (PostgreSQL's own convention), readable by whoever runs the tests.
    printf '127.0.0.1:%s:*:vetted_test:%s\nlocalhost:%s:*:vetted_test:%s\n%s:%s:*:vetted_test:%s\n' \
      "$port" "$password" "$port" "$password" "$dir" "$port" "$password" > "$dir/pgpass.client"
    chmod 600 "$dir/pgpass.client"
    echo "export VETTED_TEST_PG='postgres://vetted_test@127.0.0.1:$port/postgres'"
    echo "export VETTED_TEST_PG_SOCKET='$dir'"
    echo "export VETTED_TEST_PG_PORT='$port'"
    echo "export PGPASSFILE='$dir/pgpass.client'"
    echo "export VETTED_TEST_PG_CA='$tls/ca.crt'"
    ;;
  stop)
    [[ -d "$dir/standby" ]] && as_postgres "$bin/pg_ctl" -D "$dir/standby" -m fast -w stop >/dev/null 2>&1 || true
    [[ -d "$dir/data" ]] && as_postgres "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  halt)   # stops the server, keeping its cluster (a fault test's "server gone")
    as_postgres "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null
    ;;
  resume) # starts a halted server again, on its port
    port=$(port_of "$dir")
    as_postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
      -o "-k $dir -p $port -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off $(tls_options "$dir/tls")" start >/dev/null
    ;;
  standby) # a hot standby of the server in DIR, streaming from it, in DIR/standby on a port of its own; prints its port
    port=$(port_of "$dir")
    as_postgres env PGPASSWORD="$(cat "$dir/pw")" "$bin/pg_basebackup" -h "$dir" -p "$port" -U vetted_test \
      -D "$dir/standby" -R -X stream -c fast >"$dir/basebackup.log" 2>&1 || { cat "$dir/basebackup.log" >&2; exit 1; }
    standby_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    as_postgres "$bin/pg_ctl" -D "$dir/standby" -l "$dir/standby.log" -w \
      -o "-k $dir -p $standby_port -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off $(tls_options "$dir/tls")" start >/dev/null \
      || { cat "$dir/standby.log" >&2; exit 1; }
    printf '127.0.0.1:%s:*:vetted_test:%s\nlocalhost:%s:*:vetted_test:%s\n' "$standby_port" "$(cat "$dir/pw")" "$standby_port" "$(cat "$dir/pw")" >> "$dir/pgpass.client"
    echo "$standby_port"
    ;;
  promote) # the standby made the primary (a failover's last step)
    as_postgres "$bin/pg_ctl" -D "$dir/standby" -w promote >/dev/null
    ;;
  *) echo "usage: pg.sh start|stop|halt|resume|standby|promote DIR" >&2; exit 2 ;;
esac
