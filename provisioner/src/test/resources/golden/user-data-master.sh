#!/bin/bash
# Node setup rendered by bin/provision for cluster golden, role master (cloud-init user-data,
# run on the first boot only). Installs Java 17 and Hadoop 3.4.3 (SHA-512 checked), writes the
# cluster's configuration and starts this node's daemons as enabled systemd services, so a stopped and
# started node comes back by itself. The master fetches the release once and serves it to the workers;
# with an instance profile, likewise the AWS SDK bundle that S3A (s3a://) needs.
# It holds no credentials. Log: /var/log/netflix-jobs-setup.log; the current step (`N/M what`) in
# /var/lib/netflix-jobs/step; /var/lib/netflix-jobs/ready or .../failed when done. Safe to run again.
set -euo pipefail

readonly ROLE='master'
readonly MASTER='10.0.0.5'
readonly HADOOP_VERSION='3.4.3'
readonly HADOOP_SOURCE='mirrors' # mirrors, upload, or s3://bucket/key
readonly HADOOP_URLS='https://dlcdn.apache.org/hadoop/common/hadoop-3.4.3/hadoop-3.4.3.tar.gz https://archive.apache.org/dist/hadoop/common/hadoop-3.4.3/hadoop-3.4.3.tar.gz'
readonly HADOOP_SHA512='0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef'
readonly HADOOP_HOME='/opt/hadoop'
readonly CONF_DIR='/etc/hadoop'
readonly DATA_DIR='/data/hadoop'
readonly LOG_DIR='/var/log/hadoop'
readonly HADOOP_USER='hadoop'
readonly CLIENT_USER='ec2-user'
readonly IDLE_MINUTES='60'
readonly FILES_PORT='9800'
readonly S3A='false' # true: the nodes have an instance profile, so S3 credentials
readonly AWS_SDK_VERSION='' # the SDK bundle this Hadoop was built with (conf/hadoop-aws-sdk.tsv)
readonly STATE_DIR=/var/lib/netflix-jobs
readonly SERVE_DIR=$STATE_DIR/serve   # what the master offers the workers
readonly UPLOAD_DIR=$STATE_DIR/upload # where the client uploads --hadoop-tarball FILE
# how long a worker waits for the master's tarball before it fetches one itself
if [[ $HADOOP_SOURCE == upload ]]; then readonly MASTER_WAIT=2400; else readonly MASTER_WAIT=1200; fi
if [[ $ROLE == master ]]; then readonly STEPS=9 FETCH_STEP=1; else readonly STEPS=6 FETCH_STEP=2; fi

mkdir -p "$STATE_DIR" "$SERVE_DIR"
exec >>/var/log/netflix-jobs-setup.log 2>&1
rm -f "$STATE_DIR/ready" "$STATE_DIR/failed"
trap 'echo "setup failed at line $LINENO" | tee "$STATE_DIR/failed"' ERR
echo "setup of a $ROLE node of cluster golden (master $MASTER) started $(date -u)"

step() {  # number, what: the contract the client prints as this node's progress
  echo "$1/$STEPS $2" >"$STATE_DIR/step.new"
  mv "$STATE_DIR/step.new" "$STATE_DIR/step"
  echo "step $1/$STEPS: $2 ($(date -u +%T))"
}

fail() {  # one sentence for the client, then stop
  echo "$*" | tee "$STATE_DIR/failed"
  exit 1
}

retry() {  # attempts, command...
  local n max=$1
  shift
  for ((n = 1; n <= max; n++)); do
    "$@" && return 0
    ((n < max)) && echo "retrying ($n): $*" && sleep $((n * 5))
  done
  return 1
}

# --- the Hadoop release, SHA-512 checked before anything is unpacked
expected=$HADOOP_SHA512

sha512_is() {  # file, expected digest
  local actual
  actual=$(sha512sum "$1" | cut -d ' ' -f 1)
  [[ -n $2 && $actual == "$2" ]] && return 0
  echo "SHA-512 mismatch: expected ${2:-(none)}, got $actual"
  return 1
}

verified() { sha512_is "$1" "$expected"; }  # file: the Hadoop release

download() {  # url, file: quick failures are retried; a source that stalls or stays under 1 MiB/s for 30 s is left for the next
  curl -fsSL --connect-timeout 10 --retry 2 --retry-delay 5 --retry-max-time 120 \
    --speed-limit 1048576 --speed-time 30 --max-time 900 -o "$2" "$1"
}

published_digest() {  # the .sha512 Apache publishes next to the tarball, from the first mirror that has it
  local url
  for url in $HADOOP_URLS; do
    curl -fsSL --connect-timeout 10 --retry 2 --max-time 60 "$url.sha512" | grep -Eo '[0-9a-fA-F]{128}' | head -n 1 | tr 'A-F' 'a-f' && return 0
  done
  return 1
}

fetch_from_mirrors() {  # file
  local url host
  [[ -n $expected ]] || expected=$(published_digest) || fail "no mirror published the SHA-512 of Hadoop $HADOOP_VERSION"
  for url in $HADOOP_URLS; do
    host=${url#*://}
    step "$FETCH_STEP" "fetching Hadoop $HADOOP_VERSION from ${host%%/*}"
    download "$url" "$1" && verified "$1" && return 0
    echo "no good tarball from $url"
  done
  return 1
}

fetch_from_s3() {  # file: with the instance profile (the aws CLI ships with Amazon Linux 2023)
  step "$FETCH_STEP" "fetching Hadoop $HADOOP_VERSION from $HADOOP_SOURCE"
  [[ -n $expected ]] || expected=$(published_digest) || fail "no mirror published the SHA-512 of Hadoop $HADOOP_VERSION"
  retry 2 timeout 900 aws s3 cp --only-show-errors "$HADOOP_SOURCE" "$1" && verified "$1"
}

fetch_uploaded() {  # file: bin/provision uploads the tarball, then creates upload/done
  local deadline=$((SECONDS + 1800))
  step 1 "waiting for the upload of Hadoop $HADOOP_VERSION"
  until [[ -f $UPLOAD_DIR/done ]]; do
    ((SECONDS < deadline)) || fail "the Hadoop tarball was not uploaded within 30 minutes"
    sleep 2
  done
  mv "$UPLOAD_DIR/hadoop.tar.gz" "$1" && verified "$1"
}

from_master() {  # name, file, seconds[, digest]: polls the master until it serves NAME, checked against the digest
  # given (the pinned one), else the NAME.sha512 the master serves beside it
  local deadline=$((SECONDS + $3)) url="http://$MASTER:$FILES_PORT" sum=${4:-}
  while ((SECONDS < deadline)); do
    if curl -fs --connect-timeout 5 --max-time 300 -o "$2" "$url/$1"; then
      [[ -n $sum ]] || sum=$(curl -fs --max-time 30 "$url/$1.sha512") || true
      sha512_is "$2" "$sum"
      return
    fi
    if curl -fs --connect-timeout 5 --max-time 10 -o /dev/null "$url/$1.unavailable"; then
      echo "the master could not fetch $1"
      return 1
    fi
    sleep 5
  done
  echo "the master did not offer $1 within $3 s"
  return 1
}

# --- S3A's AWS SDK bundle: optional, a failure only leaves the cluster without s3a://
readonly SDK_JAR=aws-sdk-bundle.jar # as the master serves it, with SDK_JAR.sha512 or SDK_JAR.unavailable

fetch_sdk_with_maven() {  # file: Maven resolves software.amazon.awssdk:bundle by its coordinates and checks its checksums
  local repo out ok=1
  retry 4 timeout 300 dnf install -y -q maven-amazon-corretto17 || return 1
  repo=$(mktemp -d) out=$(mktemp -d)
  retry 3 timeout 900 mvn -q -B --strict-checksums -Dmaven.repo.local="$repo" dependency:copy \
    -Dartifact="software.amazon.awssdk:bundle:$AWS_SDK_VERSION" -DoutputDirectory="$out" -Dmdep.useBaseVersion=true &&
    mv "$out/bundle-$AWS_SDK_VERSION.jar" "$1" && ok=0
  rm -rf "$repo" "$out"
  return $ok
}

install_s3a_sdk() {  # puts the bundle onto the common class path, or says in one line why s3a:// is unavailable
  local jar=$STATE_DIR/$SDK_JAR
  if [[ -z $AWS_SDK_VERSION ]]; then
    [[ $ROLE == worker ]] || touch "$SERVE_DIR/$SDK_JAR.unavailable"
    echo "s3a:// unavailable: conf/hadoop-aws-sdk.tsv names no AWS SDK bundle for Hadoop $HADOOP_VERSION"
    return 0
  fi
  if [[ $ROLE == master && ! -f $SERVE_DIR/$SDK_JAR ]]; then
    step 5 "fetching the AWS SDK for S3A"
    if ! fetch_sdk_with_maven "$jar.part"; then
      touch "$SERVE_DIR/$SDK_JAR.unavailable"
      echo "s3a:// unavailable: Maven could not fetch software.amazon.awssdk:bundle:$AWS_SDK_VERSION"
      return 0
    fi
    sha512sum "$jar.part" | cut -d ' ' -f 1 >"$SERVE_DIR/$SDK_JAR.sha512"
    chmod 644 "$jar.part" "$SERVE_DIR/$SDK_JAR.sha512"
    mv "$jar.part" "$SERVE_DIR/$SDK_JAR"
    jar=$SERVE_DIR/$SDK_JAR
  elif [[ $ROLE == master ]]; then
    jar=$SERVE_DIR/$SDK_JAR
  elif ! from_master "$SDK_JAR" "$jar" 900; then
    echo "s3a:// unavailable: no AWS SDK bundle from the master"
    return 0
  fi
  install -m 644 "$jar" "$HADOOP_HOME/share/hadoop/common/lib/bundle-$AWS_SDK_VERSION.jar"
  [[ $ROLE == master ]] || rm -f "$jar"
  echo "S3A: AWS SDK bundle $AWS_SDK_VERSION on the common class path"
}

tarball=$SERVE_DIR/hadoop.tar.gz
if [[ $ROLE == master ]]; then
  # offer the workers what this node has: a 404 until the tarball is verified, then the tarball
  install -d -o "$CLIENT_USER" -m 755 "$UPLOAD_DIR"
  rm -f "$SERVE_DIR/hadoop.tar.gz.unavailable" "$SERVE_DIR/$SDK_JAR.unavailable"
  cat >/etc/systemd/system/netflix-jobs-files.service <<UNIT
[Unit]
Description=Hadoop tarball, AWS SDK bundle and idle countdown for the workers of cluster golden
After=network-online.target
Wants=network-online.target

[Service]
User=nobody
ExecStart=/usr/bin/python3 -m http.server --bind $MASTER --directory $SERVE_DIR $FILES_PORT
Restart=always
RestartSec=5

[Install]
WantedBy=multi-user.target
UNIT
  systemctl daemon-reload
  systemctl enable --now netflix-jobs-files
  if [[ ! -f $tarball ]]; then
    download_to=$STATE_DIR/hadoop.tar.gz.part
    case $HADOOP_SOURCE in
      upload) fetch_uploaded "$download_to" ;;
      s3://*) fetch_from_s3 "$download_to" || fetch_from_mirrors "$download_to" ;;
      *) fetch_from_mirrors "$download_to" ;;
    esac || { touch "$SERVE_DIR/hadoop.tar.gz.unavailable"; fail "Hadoop $HADOOP_VERSION could not be fetched from any source"; }
    echo "$expected" >"$tarball.sha512"
    chmod 644 "$download_to" "$tarball.sha512"
    mv "$download_to" "$tarball"
  fi
  step 2 "installing Java 17"
else
  step 1 "installing Java 17"
fi

# Java 17 and tools (on a worker while the master fetches Hadoop)
retry 4 timeout 300 dnf install -y -q 'java-17-amazon-corretto-headless' tar gzip procps-ng
JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
readonly JAVA_HOME

if [[ $ROLE == worker ]]; then
  tarball=$STATE_DIR/hadoop.tar.gz
  step "$FETCH_STEP" "fetching Hadoop $HADOOP_VERSION from the master"
  if ! from_master hadoop.tar.gz "$tarball" "$MASTER_WAIT" "$expected"; then
    case $HADOOP_SOURCE in
      s3://*) fetch_from_s3 "$tarball" || fetch_from_mirrors "$tarball" ;;
      *) fetch_from_mirrors "$tarball" ;;
    esac || fail "Hadoop $HADOOP_VERSION could not be fetched from the master nor any other source"
  fi
fi

step 3 "unpacking Hadoop $HADOOP_VERSION"
mkdir -p "$HADOOP_HOME"
tar -xzf "$tarball" --strip-components=1 -C "$HADOOP_HOME"
[[ $ROLE == master ]] || rm -f "$tarball"
# S3A (s3a://): hadoop-aws and the AWS SDK bundle onto the common class path, which daemons, commands
# and YARN containers all read (HADOOP_OPTIONAL_TOOLS=hadoop-aws would reach the commands only). From
# 3.4.2 on the tarball has no SDK bundle: with S3 access install_s3a_sdk adds it below.
for jar in "$HADOOP_HOME"/share/hadoop/tools/lib/{hadoop-aws,bundle,aws-java-sdk-bundle,analyticsaccelerator-s3}-*.jar; do
  if [[ -f $jar ]]; then ln -sfn "$jar" "$HADOOP_HOME/share/hadoop/common/lib/"; fi
done

step 4 "writing the configuration"
id "$HADOOP_USER" >/dev/null 2>&1 || useradd --system --create-home --shell /bin/bash "$HADOOP_USER"
mkdir -p "$CONF_DIR" "$DATA_DIR" "$LOG_DIR"
cp -rn "$HADOOP_HOME/etc/hadoop/." "$CONF_DIR/"
cp "$HADOOP_HOME/etc/hadoop/hadoop-env.sh" "$CONF_DIR/hadoop-env.sh"

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
  <!-- S3A (s3a://bucket/path, the hadoop-aws jars the node setup links in): credentials from the
       instance's profile only (the instance profile bin/provision attaches), never keys in a file -->
  <property><name>fs.s3a.aws.credentials.provider</name><value>org.apache.hadoop.fs.s3a.auth.IAMInstanceCredentialsProvider</value></property>
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
export HDFS_NAMENODE_OPTS="-Xmx2048m"
export YARN_RESOURCEMANAGER_OPTS="-Xmx2048m"
ENV
chown -R "$HADOOP_USER:$HADOOP_USER" "$DATA_DIR" "$LOG_DIR" "$HADOOP_HOME"
if [[ $S3A == true ]]; then install_s3a_sdk; fi

# commands on the PATH for every user, also over a non-interactive ssh
for cmd in hadoop hdfs yarn mapred; do
  cat >"/usr/local/bin/$cmd" <<WRAP
#!/bin/bash
export JAVA_HOME=$JAVA_HOME HADOOP_HOME=$HADOOP_HOME HADOOP_CONF_DIR=$CONF_DIR
exec $HADOOP_HOME/bin/$cmd "\$@"
WRAP
  chmod 755 "/usr/local/bin/$cmd"
done

as_hadoop() { runuser -u "$HADOOP_USER" -- "$@"; }

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
  # never over an existing namespace: a second run, or a node that kept its volume, keeps its data
  if [[ ! -f "/data/hadoop/name/current/VERSION" ]]; then
    step 6 "formatting HDFS"
    as_hadoop env JAVA_HOME="$JAVA_HOME" HADOOP_CONF_DIR="$CONF_DIR" \
      timeout 300 "$HADOOP_HOME/bin/hdfs" namenode -format -nonInteractive -clusterId 'golden'
  fi
  step 7 "starting the NameNode and the ResourceManager"
  systemctl daemon-reload
  systemctl enable --now hadoop-namenode hadoop-resourcemanager
  # the NameNode takes a while to listen; wait for it and for the end of its safe mode, at most 10 minutes
  deadline=$((SECONDS + 600))
  until as_hadoop timeout 300 /usr/local/bin/hdfs dfsadmin -safemode wait; do
    ((SECONDS < deadline)) || fail "HDFS did not leave safe mode within 10 minutes"
    sleep 5
  done
  step 8 "creating the HDFS directories and starting the job history server"
  as_hadoop timeout 120 /usr/local/bin/hdfs dfs -mkdir -p /tmp "/user/$CLIENT_USER"
  as_hadoop timeout 120 /usr/local/bin/hdfs dfs -chmod 1777 /tmp
  as_hadoop timeout 120 /usr/local/bin/hdfs dfs -chown "$CLIENT_USER" "/user/$CLIENT_USER"
  # jobs' staging and history directories: every user writes there, the history server (as
  # $HADOOP_USER) moves finished jobs' files out
  as_hadoop timeout 120 /usr/local/bin/hdfs dfs -mkdir -p /tmp/hadoop-yarn/staging/history/done_intermediate
  as_hadoop timeout 120 /usr/local/bin/hdfs dfs -chmod 1777 /tmp/hadoop-yarn /tmp/hadoop-yarn/staging \
    /tmp/hadoop-yarn/staging/history /tmp/hadoop-yarn/staging/history/done_intermediate
  systemctl enable --now hadoop-historyserver
else
  step 5 "starting the DataNode and the NodeManager"
  unit datanode 'hdfs datanode'
  unit nodemanager 'yarn nodemanager'
  systemctl daemon-reload
  systemctl enable --now hadoop-datanode hadoop-nodemanager
fi

# idle shutdown: the master counts the minutes without a YARN application, a terminal session or an
# HDFS write and stops itself when they run out; a worker follows the master's countdown
if ((IDLE_MINUTES > 0)); then
  cat >/usr/local/sbin/netflix-jobs-idle <<'IDLE'
#!/bin/bash
# netflix-jobs-idle ROLE MINUTES MASTER PORT, every minute. Volatile state lives in /run, so a started node counts afresh.
set -u
role=$1 minutes=$2 master=$3 port=$4
state=/run/netflix-jobs
mkdir -p "$state"
now=$(date +%s)
stop() {  # why
  echo "$1: shutting down (shutdown -h; EC2 then stops this instance, or terminates it if the launch asked so)" |
    tee -a /var/log/netflix-jobs-setup.log | logger -t netflix-jobs
  shutdown -h now
}
if [[ $role == worker ]]; then
  read -r left at < <(curl -fs --max-time 20 "http://$master:$port/idle" || true)
  if [[ ${left:-} =~ ^[0-9]+$ && ${at:-} =~ ^[0-9]+$ ]] && ((now - at < 300)); then
    rm -f "$state/unreachable-since"
    ((left > 0)) || stop "the master's cluster has been idle for $minutes minutes"
    exit 0
  fi
  [[ -f $state/unreachable-since ]] || echo "$now" >"$state/unreachable-since"
  (((now - $(cat "$state/unreachable-since")) < minutes * 60)) || stop "no idle countdown from the master for $minutes minutes"
  exit 0
fi
why=
apps=$(timeout 120 /usr/local/bin/yarn application -list -appStates NEW,NEW_SAVING,SUBMITTED,ACCEPTED,RUNNING 2>/dev/null |
  sed -n 's/^Total number of applications.*:[[:space:]]*\([0-9][0-9]*\)$/\1/p')
[[ $apps =~ ^[0-9]+$ ]] && ((apps > 0)) && why="$apps YARN applications"
# terminal sessions (ssh -t, the console); bin/provision's own commands run without a terminal and do not count
sessions=$(who | wc -l)
((sessions > 0)) && why="$why $sessions sessions"
# any namespace change (a file written, renamed, deleted) advances the NameNode's last transaction id
txid=$(curl -fs --max-time 20 "http://$master:9870/jmx?qry=Hadoop:service=NameNode,name=FSNamesystem" |
  sed -n 's/.*"LastWrittenTransactionId" *: *\([0-9]*\).*/\1/p')
if [[ -n $txid ]]; then
  [[ -f $state/txid && $(cat "$state/txid") != "$txid" ]] && why="$why HDFS writes"
  echo "$txid" >"$state/txid"
fi
if [[ -n $why || ! -f $state/active-at ]]; then echo "$now" >"$state/active-at"; fi
left=$((minutes - (now - $(cat "$state/active-at")) / 60))
((left > 0)) || left=0
echo "$left" >/var/lib/netflix-jobs/idle-minutes-left.new
mv /var/lib/netflix-jobs/idle-minutes-left.new /var/lib/netflix-jobs/idle-minutes-left
echo "$left $now" >/var/lib/netflix-jobs/serve/idle.new
mv /var/lib/netflix-jobs/serve/idle.new /var/lib/netflix-jobs/serve/idle
if ((left == 0)); then
  sleep 90 # the workers read the countdown every minute; let them see it end
  stop "no YARN application, terminal session or HDFS write for $minutes minutes"
fi
IDLE
  chmod 755 /usr/local/sbin/netflix-jobs-idle
  cat >/etc/systemd/system/netflix-jobs-idle.service <<UNIT
[Unit]
Description=Shut down after $IDLE_MINUTES idle minutes of cluster golden

[Service]
Type=oneshot
ExecStart=/usr/local/sbin/netflix-jobs-idle $ROLE $IDLE_MINUTES $MASTER $FILES_PORT
UNIT
  cat >/etc/systemd/system/netflix-jobs-idle.timer <<'UNIT'
[Unit]
Description=Check every minute whether the cluster is idle

[Timer]
OnBootSec=5min
OnUnitActiveSec=1min

[Install]
WantedBy=timers.target
UNIT
  systemctl daemon-reload
  systemctl enable --now netflix-jobs-idle.timer
fi

step "$STEPS" "ready"
touch "$STATE_DIR/ready"
echo "setup finished $(date -u)"
