#!/bin/bash
# Runs one node's setup script as cloud-init would, inside this node's own mount and UTS namespaces (the test
# started it in the node's network namespace): the paths a node writes are bind mounts of the node's directory
# under ROOT, so two nodes on this machine keep apart and nothing lands on the machine itself.
# node.sh ROOT HOSTNAME SCRIPT
set -euo pipefail
root=$1 host=$2 script=$3
for pair in opt:/opt etc-hadoop:/etc/hadoop data:/data var-log:/var/log state:/var/lib/netflix-jobs \
  usr-local-bin:/usr/local/bin usr-local-sbin:/usr/local/sbin systemd:/etc/systemd/system run:/run/netflix-jobs; do
  mount --bind "$root/${pair%%:*}" "${pair#*:}"
done
hostname "$host"
# an anchor in the node's namespaces, for the test's later commands (nsenter) and its clean-up
sleep infinity </dev/null >/dev/null 2>&1 &
echo $! >"$root/anchor.pid"
exec env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 bash "$script"
