#!/bin/bash
# Node setup rendered by bin/provision for cluster golden, role worker (cloud-init user-data).
# Installs Java 17 and Hadoop 3.4.3 (SHA-512 checked), writes the cluster's configuration
# and starts this node's daemons as systemd services. It holds no credentials. Log:
# /var/log/netflix-jobs-setup.log; /var/lib/netflix-jobs/ready or .../failed when done.
set -euo pipefail

readonly ROLE='worker'
readonly MASTER='10.0.0.5'
readonly HADOOP_URL='https://archive.apache.org/dist/hadoop/common/hadoop-3.4.3/hadoop-3.4.3.tar.gz'
readonly HADOOP_SHA512='0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef'
readonly HADOOP_HOME='/opt/hadoop'
readonly CONF_DIR='/etc/hadoop'
readonly DATA_DIR='/data/hadoop'
readonly LOG_DIR='/var/log/hadoop'
readonly HADOOP_USER='hadoop'
readonly CLIENT_USER='ec2-user'
readonly IDLE_MINUTES='60'
readonly STATE_DIR=/var/lib/netflix-jobs

mkdir -p "$STATE_DIR"
exec >>/var/log/netflix-jobs-setup.log 2>&1
trap 'echo "setup failed at line $LINENO" | tee "$STATE_DIR/failed"' ERR
echo "setup of a $ROLE node of cluster golden (master $MASTER) started $(date -u)"

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
retry dnf install -y -q 'java-17-amazon-corretto-headless' tar gzip procps-ng
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
cat >"$CONF_DIR/core-site.xml" <<'NETFLIX_JOBS_EOF'
<?xml version="1.0"?>
<?xml-stylesheet type="text/xsl" href="configuration.xsl"?>
<!-- Rendered by bin/provision for cluster golden. Edit the template in conf/hadoop/. -->
<configuration>
  <property><name>fs.defaultFS</name><value>hdfs://10.0.0.5:8020</value></property>
  <property><name>hadoop.tmp.dir</name><value>/data/hadoop/tmp</value></property>
  <property><name>io.file.buffer.size</name><value>131072</value></property>
  <!-- the web UIs are reached through an SSH tunnel; they act as this user -->
  <property><name>hadoop.http.staticuser.user</name><value>hadoop</value></property>
</configuration>
NETFLIX_JOBS_EOF
cat >"$CONF_DIR/hdfs-site.xml" <<'NETFLIX_JOBS_EOF'
<?xml version="1.0"?>
<?xml-stylesheet type="text/xsl" href="configuration.xsl"?>
<!-- Rendered by bin/provision for cluster golden. Edit the template in conf/hadoop/. -->
<configuration>
  <property><name>dfs.replication</name><value>3</value></property>
  <property><name>dfs.namenode.name.dir</name><value>file:///data/hadoop/name</value></property>
  <property><name>dfs.datanode.data.dir</name><value>file:///data/hadoop/data</value></property>
  <property><name>dfs.namenode.rpc-address</name><value>10.0.0.5:8020</value></property>
  <property><name>dfs.namenode.rpc-bind-host</name><value>0.0.0.0</value></property>
  <property><name>dfs.namenode.http-address</name><value>10.0.0.5:9870</value></property>
  <property><name>dfs.datanode.address</name><value>0.0.0.0:9866</value></property>
  <property><name>dfs.datanode.http.address</name><value>0.0.0.0:9864</value></property>
  <property><name>dfs.datanode.ipc.address</name><value>0.0.0.0:9867</value></property>
  <!-- nodes are known by address; cloud hosts often lack reverse DNS -->
  <property><name>dfs.namenode.datanode.registration.ip-hostname-check</name><value>false</value></property>
  <property><name>dfs.hosts.exclude</name><value>/etc/hadoop/exclude</value></property>
  <property><name>dfs.blocksize</name><value>134217728</value></property>
  <property><name>dfs.namenode.handler.count</name><value>40</value></property>
  <property><name>dfs.permissions.superusergroup</name><value>hadoop</value></property>
</configuration>
NETFLIX_JOBS_EOF
cat >"$CONF_DIR/yarn-site.xml" <<'NETFLIX_JOBS_EOF'
<?xml version="1.0"?>
<!-- Rendered by bin/provision for cluster golden. Edit the template in conf/hadoop/. -->
<configuration>
  <property><name>yarn.resourcemanager.hostname</name><value>10.0.0.5</value></property>
  <property><name>yarn.resourcemanager.bind-host</name><value>0.0.0.0</value></property>
  <property><name>yarn.resourcemanager.address</name><value>10.0.0.5:8032</value></property>
  <property><name>yarn.resourcemanager.scheduler.address</name><value>10.0.0.5:8030</value></property>
  <property><name>yarn.resourcemanager.resource-tracker.address</name><value>10.0.0.5:8031</value></property>
  <property><name>yarn.resourcemanager.admin.address</name><value>10.0.0.5:8033</value></property>
  <property><name>yarn.resourcemanager.webapp.address</name><value>10.0.0.5:8088</value></property>
  <property><name>yarn.resourcemanager.nodes.exclude-path</name><value>/etc/hadoop/exclude</value></property>
  <property><name>yarn.nodemanager.address</name><value>0.0.0.0:0</value></property>
  <property><name>yarn.nodemanager.webapp.address</name><value>0.0.0.0:8042</value></property>
  <property><name>yarn.nodemanager.aux-services</name><value>mapreduce_shuffle</value></property>
  <property><name>yarn.nodemanager.resource.memory-mb</name><value>12288</value></property>
  <property><name>yarn.nodemanager.resource.cpu-vcores</name><value>4</value></property>
  <property><name>yarn.scheduler.minimum-allocation-mb</name><value>512</value></property>
  <property><name>yarn.scheduler.maximum-allocation-mb</name><value>12288</value></property>
  <property><name>yarn.scheduler.maximum-allocation-vcores</name><value>4</value></property>
  <property><name>yarn.nodemanager.vmem-check-enabled</name><value>false</value></property>
  <property><name>yarn.nodemanager.local-dirs</name><value>/data/hadoop/yarn-local</value></property>
  <property><name>yarn.nodemanager.log-dirs</name><value>/var/log/hadoop/containers</value></property>
  <property><name>yarn.nodemanager.env-whitelist</name><value>JAVA_HOME,HADOOP_COMMON_HOME,HADOOP_HDFS_HOME,HADOOP_CONF_DIR,CLASSPATH_PREPEND_DISTCACHE,HADOOP_YARN_HOME,HADOOP_HOME,PATH,LANG,TZ,HADOOP_MAPRED_HOME</value></property>
  <property><name>yarn.log-aggregation-enable</name><value>true</value></property>
  <!-- an application master stops trying to reach a lost node's NodeManager (to kill its
       containers) after 20 s, not YARN's 3 minutes: its tasks are rerun only once that ends -->
  <property><name>yarn.client.nodemanager-connect.max-wait-ms</name><value>20000</value></property>
  <property><name>yarn.client.nodemanager-connect.retry-interval-ms</name><value>2000</value></property>
</configuration>
NETFLIX_JOBS_EOF
cat >"$CONF_DIR/mapred-site.xml" <<'NETFLIX_JOBS_EOF'
<?xml version="1.0"?>
<?xml-stylesheet type="text/xsl" href="configuration.xsl"?>
<!-- Rendered by bin/provision for cluster golden. Edit the template in conf/hadoop/. -->
<configuration>
  <property><name>mapreduce.framework.name</name><value>yarn</value></property>
  <property><name>mapreduce.application.classpath</name><value>/opt/hadoop/share/hadoop/mapreduce/*:/opt/hadoop/share/hadoop/mapreduce/lib/*</value></property>
  <property><name>yarn.app.mapreduce.am.env</name><value>HADOOP_MAPRED_HOME=/opt/hadoop</value></property>
  <property><name>mapreduce.map.env</name><value>HADOOP_MAPRED_HOME=/opt/hadoop</value></property>
  <property><name>mapreduce.reduce.env</name><value>HADOOP_MAPRED_HOME=/opt/hadoop</value></property>
  <property><name>yarn.app.mapreduce.am.resource.mb</name><value>3072</value></property>
  <property><name>yarn.app.mapreduce.am.command-opts</name><value>-Xmx2457m</value></property>
  <property><name>mapreduce.map.memory.mb</name><value>3072</value></property>
  <property><name>mapreduce.map.java.opts</name><value>-Xmx2457m</value></property>
  <property><name>mapreduce.reduce.memory.mb</name><value>6144</value></property>
  <property><name>mapreduce.reduce.java.opts</name><value>-Xmx4915m</value></property>
  <property><name>mapreduce.shuffle.port</name><value>13562</value></property>
  <property><name>mapreduce.job.reduces</name><value>3</value></property>
  <property><name>mapreduce.client.completion.pollinterval</name><value>1000</value></property>
  <!-- the job history server on the master: once a job's application master has exited, clients
       read its final status and counters there (knn reads counters after each job) -->
  <property><name>mapreduce.jobhistory.address</name><value>10.0.0.5:10020</value></property>
  <property><name>mapreduce.jobhistory.webapp.address</name><value>10.0.0.5:19888</value></property>
</configuration>
NETFLIX_JOBS_EOF
cat >"$CONF_DIR/capacity-scheduler.xml" <<'NETFLIX_JOBS_EOF'
<?xml version="1.0"?>
<!-- Rendered by bin/provision for cluster golden: one queue, all of the cluster. -->
<configuration>
  <property><name>yarn.scheduler.capacity.maximum-applications</name><value>10000</value></property>
  <property><name>yarn.scheduler.capacity.maximum-am-resource-percent</name><value>0.5</value></property>
  <property><name>yarn.scheduler.capacity.resource-calculator</name><value>org.apache.hadoop.yarn.util.resource.DominantResourceCalculator</value></property>
  <property><name>yarn.scheduler.capacity.root.queues</name><value>default</value></property>
  <property><name>yarn.scheduler.capacity.root.default.capacity</name><value>100</value></property>
  <property><name>yarn.scheduler.capacity.root.default.maximum-capacity</name><value>100</value></property>
  <property><name>yarn.scheduler.capacity.root.default.user-limit-factor</name><value>1</value></property>
  <property><name>yarn.scheduler.capacity.root.default.state</name><value>RUNNING</value></property>
  <property><name>yarn.scheduler.capacity.node-locality-delay</name><value>40</value></property>
</configuration>
NETFLIX_JOBS_EOF
touch '/etc/hadoop/exclude'
cat >>"$CONF_DIR/hadoop-env.sh" <<ENV
export JAVA_HOME=$JAVA_HOME
export HADOOP_HOME=$HADOOP_HOME
export HADOOP_CONF_DIR=$CONF_DIR
export HADOOP_LOG_DIR=$LOG_DIR
export HADOOP_OPTS="\${HADOOP_OPTS:-} "
export HDFS_NAMENODE_OPTS="-Xmx2048m"
export YARN_RESOURCEMANAGER_OPTS="-Xmx2048m"
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
Description=Hadoop $1 of cluster golden
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
  if [[ ! -f "/data/hadoop/name/current/VERSION" ]]; then
    sudo -u "$HADOOP_USER" env JAVA_HOME="$JAVA_HOME" HADOOP_CONF_DIR="$CONF_DIR" \
      "$HADOOP_HOME/bin/hdfs" namenode -format -nonInteractive -clusterId 'golden'
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
