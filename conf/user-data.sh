#!/bin/bash
# Node setup rendered by bin/provision for cluster {{cluster.name}}, role {{role}} (cloud-init user-data,
# run on the first boot only). Installs Java 17 and Hadoop {{hadoop.version}} (SHA-512 checked), writes the
# cluster's configuration and starts this node's daemons as enabled systemd services, so a stopped and
# started node comes back by itself. The master fetches the release once and serves it to the workers;
# with an instance profile, likewise the AWS SDK bundle that S3A (s3a://) needs.
# It holds no credentials. Log: /var/log/netflix-jobs-setup.log; the current step (`N/M what`) in
# /var/lib/netflix-jobs/step; /var/lib/netflix-jobs/ready or .../failed when done. Safe to run again.
set -euo pipefail

readonly ROLE='{{role}}'
readonly MASTER='{{master.host}}'
readonly HADOOP_VERSION='{{hadoop.version}}'
readonly HADOOP_SOURCE='{{hadoop.source}}' # mirrors, upload, or s3://bucket/key
readonly HADOOP_URLS='{{hadoop.urls}}'
readonly HADOOP_SHA512='{{hadoop.sha512}}'
readonly HADOOP_HOME='{{hadoop.home}}'
readonly CONF_DIR='{{dir.conf}}'
readonly DATA_DIR='{{dir.data.root}}'
readonly LOG_DIR='{{dir.logs}}'
readonly HADOOP_USER='{{user}}'
readonly CLIENT_USER='{{client.user}}'
readonly IDLE_MINUTES='{{idle.minutes}}'
readonly FILES_PORT='{{port.master.files}}'
readonly S3A='{{s3a}}' # true: the nodes have an instance profile, so S3 credentials
readonly AWS_SDK_VERSION='{{s3a.sdk.version}}' # the SDK bundle this Hadoop was built with (conf/hadoop-aws-sdk.tsv)
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
echo "setup of a $ROLE node of cluster {{cluster.name}} (master $MASTER) started $(date -u)"

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
Description=Hadoop tarball, AWS SDK bundle and idle countdown for the workers of cluster {{cluster.name}}
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
retry 4 timeout 300 dnf install -y -q '{{java.package}}' tar gzip procps-ng
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
{{site.files}}
touch '{{file.exclude}}'
cat >>"$CONF_DIR/hadoop-env.sh" <<ENV
export JAVA_HOME=$JAVA_HOME
export HADOOP_HOME=$HADOOP_HOME
export HADOOP_CONF_DIR=$CONF_DIR
export HADOOP_LOG_DIR=$LOG_DIR
export HDFS_NAMENODE_OPTS="-Xmx{{master.heap}}m"
export YARN_RESOURCEMANAGER_OPTS="-Xmx{{master.heap}}m"
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
  # never over an existing namespace: a second run, or a node that kept its volume, keeps its data
  if [[ ! -f "{{dir.name}}/current/VERSION" ]]; then
    step 6 "formatting HDFS"
    as_hadoop env JAVA_HOME="$JAVA_HOME" HADOOP_CONF_DIR="$CONF_DIR" \
      timeout 300 "$HADOOP_HOME/bin/hdfs" namenode -format -nonInteractive -clusterId '{{cluster.name}}'
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
txid=$(curl -fs --max-time 20 "http://$master:{{port.namenode.http}}/jmx?qry=Hadoop:service=NameNode,name=FSNamesystem" |
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
Description=Shut down after $IDLE_MINUTES idle minutes of cluster {{cluster.name}}

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
