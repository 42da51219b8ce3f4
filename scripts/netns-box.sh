#!/usr/bin/env bash
# A "second GPU box" on this machine, for the remote-host tests and for developers: a network
# namespace of its own joined to the host by a veth pair, running its own dockerd (own data-root,
# exec-root, pidfile and socket) that listens on TCP with TLS (certificates made here with
# openssl), with the simulator image loaded into it, and an sshd (Debian's openssh-server) on the
# box's address that takes root with a key made here: its sessions reach the box's own dockerd
# (DOCKER_HOST), so `docker system dial-stdio` over ssh lands there. The box's host key is made
# here too and pinned in DIR/ssh-client/known_hosts, never learned over the network. Needs root,
# iproute2, nsenter and openssl; openssh-server for the ssh part (skipped, with BOX_SSH_PROBLEM,
# when it is missing).
#
#   scripts/netns-box.sh up DIR [SUBNET]   → prints BOX_ADDR, BOX_ENDPOINT, BOX_CERTS, BOX_SOCKET,
#                                              BOX_SSH_ENDPOINT, BOX_SSH_DIR (key + known_hosts)
#   scripts/netns-box.sh down DIR
#
# SUBNET is the first three octets of a /24 only this box uses (default 10.231.77); the host end is
# .1, the box .2. dockerd is started with nsenter, not `ip netns exec`, which remounts /sys and hides
# the cgroup mounts dockerd needs.
set -euo pipefail

cmd="${1:-}"
dir="${2:-}"
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: $0 up|down DIR [SUBNET]" >&2; exit 2; }
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"
subnet="${3:-10.231.77}"
# Names derive from the folder, so two boxes (two test runs) never share one.
tag="$(printf '%s' "$dir" | md5sum | cut -c1-6)"
ns="sybox-$tag"
host_if="syh-$tag"
box_if="syb-$tag"
host_addr="$subnet.1"
box_addr="$subnet.2"

down() {
  if [ -f "$dir/sshd.pid" ]; then
    kill "$(cat "$dir/sshd.pid")" 2>/dev/null || true
    rm -f "$dir/sshd.pid"
  fi
  if [ -f "$dir/dockerd.pid" ]; then
    pid="$(cat "$dir/dockerd.pid")"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  ip link del "$host_if" 2>/dev/null || true
  ip netns del "$ns" 2>/dev/null || true
  # Container mounts under the data root may outlive dockerd by a moment.
  umount -R "$dir/data" 2>/dev/null || true
  rm -rf "$dir/data" "$dir/exec"
}

certs() {
  local c="$dir/certs" s="$dir/server"
  mkdir -p "$c" "$s"
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=switchyard test CA" \
    -keyout "$s/ca-key.pem" -out "$c/ca.pem" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj "/CN=$box_addr" -keyout "$s/key.pem" -out "$s/server.csr" 2>/dev/null
  printf 'subjectAltName = IP:%s\nextendedKeyUsage = serverAuth\n' "$box_addr" >"$s/server.ext"
  openssl x509 -req -in "$s/server.csr" -CA "$c/ca.pem" -CAkey "$s/ca-key.pem" -CAcreateserial -days 2 \
    -extfile "$s/server.ext" -out "$s/cert.pem" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj "/CN=switchyard" -keyout "$c/key.pem" -out "$c/client.csr" 2>/dev/null
  printf 'extendedKeyUsage = clientAuth\n' >"$dir/client.ext"
  openssl x509 -req -in "$c/client.csr" -CA "$c/ca.pem" -CAkey "$s/ca-key.pem" -CAcreateserial -days 2 \
    -extfile "$dir/client.ext" -out "$c/cert.pem" 2>/dev/null
  rm -f "$c/client.csr" "$s/server.csr"
  chmod 600 "$c/key.pem" "$s/key.pem" "$s/ca-key.pem"
}

sshd_up() {
  local s="$dir/ssh" c="$dir/ssh-client"
  rm -rf "$s" "$c"
  mkdir -p "$s" "$c" /run/sshd
  chmod 700 "$s" "$c"
  ssh-keygen -q -t ed25519 -N '' -C "switchyard test box $box_addr" -f "$s/ssh_host_ed25519_key"
  ssh-keygen -q -t ed25519 -N '' -C "switchyard test client" -f "$c/id_ed25519"
  cp "$c/id_ed25519.pub" "$s/authorized_keys"
  # The box's host key, pinned for the client from the file made above (no ssh-keyscan: no trust on first use).
  printf '%s %s\n' "$box_addr" "$(cut -d' ' -f1,2 "$s/ssh_host_ed25519_key.pub")" >"$c/known_hosts"
  cat >"$s/sshd_config" <<EOF
ListenAddress $box_addr:22
HostKey $s/ssh_host_ed25519_key
PidFile $dir/sshd.pid
AuthorizedKeysFile $s/authorized_keys
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
# DIR lies under the world-writable /tmp, which StrictModes refuses for the key files.
StrictModes no
SetEnv DOCKER_HOST=unix://$dir/docker.sock
EOF
  nsenter --net="/var/run/netns/$ns" /usr/sbin/sshd -f "$s/sshd_config" -E "$dir/sshd.log"
  for _ in $(seq 1 50); do [ -s "$dir/sshd.pid" ] && break; sleep 0.1; done
  [ -s "$dir/sshd.pid" ] || { echo "the box's sshd did not start; its log:" >&2; tail -20 "$dir/sshd.log" >&2; exit 1; }
}

up() {
  down
  if ip route | grep -q "^$subnet\."; then
    echo "$subnet.0/24 is already routed on this machine; pass another SUBNET" >&2
    exit 1
  fi
  ip netns add "$ns"
  ip link add "$host_if" type veth peer name "$box_if"
  ip link set "$box_if" netns "$ns"
  ip addr add "$host_addr/24" dev "$host_if"
  ip link set "$host_if" up
  ip -n "$ns" addr add "$box_addr/24" dev "$box_if"
  ip -n "$ns" link set "$box_if" up
  ip -n "$ns" link set lo up
  certs
  mkdir -p "$dir/data" "$dir/exec"
  nsenter --net="/var/run/netns/$ns" dockerd \
    --data-root "$dir/data" --exec-root "$dir/exec" --pidfile "$dir/dockerd.pid" \
    -H "unix://$dir/docker.sock" -H "tcp://$box_addr:2376" \
    --tlsverify --tlscacert "$dir/certs/ca.pem" --tlscert "$dir/server/cert.pem" --tlskey "$dir/server/key.pem" \
    >"$dir/dockerd.log" 2>&1 &
  for _ in $(seq 1 100); do
    docker -H "unix://$dir/docker.sock" info >/dev/null 2>&1 && break
    sleep 0.2
  done
  docker -H "unix://$dir/docker.sock" info >/dev/null 2>&1 || {
    echo "the box's dockerd did not start; its log:" >&2
    tail -20 "$dir/dockerd.log" >&2
    exit 1
  }
  if ! docker -H "unix://$dir/docker.sock" image inspect switchyard/vllm-sim:dev >/dev/null 2>&1; then
    docker save switchyard/vllm-sim:dev | docker -H "unix://$dir/docker.sock" load >/dev/null
  fi
  echo "BOX_ADDR=$box_addr"
  echo "BOX_ENDPOINT=tcp://$box_addr:2376"
  echo "BOX_CERTS=$dir/certs"
  echo "BOX_SOCKET=unix://$dir/docker.sock"
  echo "BOX_NETNS=$ns"
  echo "BOX_HOST_LINK=$host_if"
  if [ -x /usr/sbin/sshd ] && command -v ssh-keygen >/dev/null 2>&1; then
    sshd_up
    echo "BOX_SSH_ENDPOINT=ssh://root@$box_addr"
    echo "BOX_SSH_DIR=$dir/ssh-client"
  else
    echo "BOX_SSH_PROBLEM=openssh-server is not installed (apt-get install openssh-server)"
  fi
}

case "$cmd" in
  up) up ;;
  down) down ;;
  *) echo "usage: $0 up|down DIR [SUBNET]" >&2; exit 2 ;;
esac
