#!/bin/bash
# Node setup rendered by bin/provision for cluster {{cluster.name}}, role {{role}} (cloud-init user-data).
# Installs Java 17 and Hadoop {{hadoop.version}} (SHA-512 checked), writes the cluster's configuration
# and starts this node's daemons as systemd services. It holds no credentials. Log:
# /var/log/netflix-jobs-setup.log; /var/lib/netflix-jobs/ready or .../failed when done.
set -euo pipefail

readonly ROLE='{{role}}'
readonly MASTER='{{master.host}}'
readonly HADOOP_URL='{{hadoop.url}}'
readonly HADOOP_SHA512='{{hadoop.sha512}}'
readonly HADOOP_HOME='{{hadoop.home}}'
readonly CONF_DIR='{{dir.conf}}'
readonly DATA_DIR='{{dir.data.root}}'
readonly LOG_DIR='{{dir.logs}}'
readonly HADOOP_USER='{{user}}'
readonly CLIENT_USER='{{client.user}}'
readonly IDLE_MINUTES='{{idle.minutes}}'
readonly STATE_DIR=/var/lib/netflix-jobs

mkdir -p "$STATE_DIR"
exec >>/var/log/netflix-jobs-setup.log 2>&1
trap 'echo "setup failed at line $LINENO" | tee "$STATE_DIR/failed"' ERR
echo "setup of a $ROLE node of cluster {{cluster.name}} (master $MASTER) started $(date -u)"

retry() {
  local n
  for n in 1 2 3 4 5; do
    "$@" && return 0
    echo "retrying ($n): $*"
    sleep $((n * 5))
  done
  return 1
}

# Java 17 and tools
retry dnf install -y -q '{{java.package}}' tar gzip procps-ng
JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
readonly JAVA_HOME

# Hadoop, checked against its SHA-512 before anything is unpacked
retry curl -fsSL -o /tmp/hadoop.tar.gz "$HADOOP_URL"
expected=$HADOOP_SHA512
if [[ -z $expected ]]; then
  expected=$(retry curl -fsSL "$HADOOP_URL.sha512" | grep -Eo '[0-9a-fA-F]{128}' | head -n 1 | tr 'A-F' 'a-f')
fi
actual=$(sha512sum /tmp/hadoop.tar.gz | cut -d ' ' -f 1)
if [[ $actual != "$expected" ]]; then
  echo "Hadoop tarball SHA-512 mismatch: expected $expected, got $actual"
  false
fi
mkdir -p "$HADOOP_HOME"
tar -xzf /tmp/hadoop.tar.gz --strip-components=1 -C "$HADOOP_HOME"
rm -f /tmp/hadoop.tar.gz

id "$HADOOP_USER" >/dev/null 2>&1 || useradd --system --create-home --shell /bin/bash "$HADOOP_USER"
mkdir -p "$CONF_DIR" "$DATA_DIR" "$LOG_DIR"
cp -rn "$HADOOP_HOME/etc/hadoop/." "$CONF_DIR/"

# the cluster's configuration
{{site.files}}
touch '{{file.exclude}}'
cat >>"$CONF_DIR/hadoop-env.sh" <<ENV
export JAVA_HOME=$JAVA_HOME
export HADOOP_HOME=$HADOOP_HOME
export HADOOP_CONF_DIR=$CONF_DIR
export HADOOP_LOG_DIR=$LOG_DIR
export HADOOP_OPTS="\${HADOOP_OPTS:-} {{java.opens}}"
export HDFS_NAMENODE_OPTS="-Xmx{{master.heap}}m"
export YARN_RESOURCEMANAGER_OPTS="-Xmx{{master.heap}}m"
ENV
chown -R "$HADOOP_USER:$HADOOP_USER" "$DATA_DIR" "$LOG_DIR" "$HADOOP_HOME"

# commands on the PATH for every user, also over a non-interactive ssh
for cmd in hadoop hdfs yarn mapred; do
  cat >"/usr/local/bin/$cmd" <<WRAP
#!/bin/bash
export JAVA_HOME=$JAVA_HOME HADOOP_HOME=$HADOOP_HOME HADOOP_CONF_DIR=$CONF_DIR
exec $HADOOP_HOME/bin/$cmd "\$@"
WRAP
  chmod 755 "/usr/local/bin/$cmd"
done

unit() {  # name, command line
  cat >"/etc/systemd/system/hadoop-$1.service" <<UNIT
[Unit]
Description=Hadoop $1 of cluster {{cluster.name}}
After=network-online.target
Wants=network-online.target

[Service]
User=$HADOOP_USER
Environment=JAVA_HOME=$JAVA_HOME HADOOP_HOME=$HADOOP_HOME HADOOP_CONF_DIR=$CONF_DIR HADOOP_LOG_DIR=$LOG_DIR
ExecStart=$HADOOP_HOME/bin/$2
Restart=on-failure
RestartSec=10
LimitNOFILE=65536

[Install]
WantedBy=multi-user.target
UNIT
}

if [[ $ROLE == master ]]; then
  unit namenode 'hdfs namenode'
  unit resourcemanager 'yarn resourcemanager'
  unit historyserver 'mapred historyserver'
  if [[ ! -f "{{dir.name}}/current/VERSION" ]]; then
    sudo -u "$HADOOP_USER" env JAVA_HOME="$JAVA_HOME" HADOOP_CONF_DIR="$CONF_DIR" \
      "$HADOOP_HOME/bin/hdfs" namenode -format -nonInteractive -clusterId '{{cluster.name}}'
  fi
  systemctl daemon-reload
  systemctl enable --now hadoop-namenode hadoop-resourcemanager
  timeout 900 sudo -u "$HADOOP_USER" /usr/local/bin/hdfs dfsadmin -safemode wait
  sudo -u "$HADOOP_USER" /usr/local/bin/hdfs dfs -mkdir -p /tmp "/user/$CLIENT_USER"
  sudo -u "$HADOOP_USER" /usr/local/bin/hdfs dfs -chmod 1777 /tmp
  sudo -u "$HADOOP_USER" /usr/local/bin/hdfs dfs -chown "$CLIENT_USER" "/user/$CLIENT_USER"
  # jobs' staging and history directories: every user writes there, the history server (as
  # $HADOOP_USER) moves finished jobs' files out
  sudo -u "$HADOOP_USER" /usr/local/bin/hdfs dfs -mkdir -p /tmp/hadoop-yarn/staging/history/done_intermediate
  sudo -u "$HADOOP_USER" /usr/local/bin/hdfs dfs -chmod 1777 /tmp/hadoop-yarn /tmp/hadoop-yarn/staging \
    /tmp/hadoop-yarn/staging/history /tmp/hadoop-yarn/staging/history/done_intermediate
  systemctl enable --now hadoop-historyserver
else
  unit datanode 'hdfs datanode'
  unit nodemanager 'yarn nodemanager'
  systemctl daemon-reload
  systemctl enable --now hadoop-datanode hadoop-nodemanager
fi

# idle shutdown: stop this node once YARN has run nothing (or been unreachable) for IDLE_MINUTES
if ((IDLE_MINUTES > 0)); then
  cat >/usr/local/sbin/netflix-jobs-idle <<'IDLE'
#!/bin/bash
set -u
minutes=$1
since_file=/var/lib/netflix-jobs/idle-since
now=$(date +%s)
active=$(timeout 120 /usr/local/bin/yarn application -list -appStates NEW,NEW_SAVING,SUBMITTED,ACCEPTED,RUNNING 2>/dev/null |
  sed -n 's/^Total number of applications.*:[[:space:]]*\([0-9][0-9]*\)$/\1/p')
if [[ $active =~ ^[0-9]+$ ]] && ((active > 0)); then
  rm -f "$since_file"
  exit 0
fi
if [[ ! -f $since_file ]]; then
  echo "$now" >"$since_file"
  exit 0
fi
since=$(cat "$since_file")
if ((now - since >= minutes * 60)); then
  logger -t netflix-jobs "YARN idle for $minutes minutes: shutting down"
  shutdown -h now
fi
IDLE
  chmod 755 /usr/local/sbin/netflix-jobs-idle
  cat >/etc/systemd/system/netflix-jobs-idle.service <<UNIT
[Unit]
Description=Shut down after $IDLE_MINUTES idle minutes of YARN

[Service]
Type=oneshot
ExecStart=/usr/local/sbin/netflix-jobs-idle $IDLE_MINUTES
UNIT
  cat >/etc/systemd/system/netflix-jobs-idle.timer <<'UNIT'
[Unit]
Description=Check every minute whether YARN is idle

[Timer]
OnBootSec=5min
OnUnitActiveSec=1min

[Install]
WantedBy=timers.target
UNIT
  systemctl daemon-reload
  systemctl enable --now netflix-jobs-idle.timer
fi

touch "$STATE_DIR/ready"
echo "setup finished $(date -u)"
