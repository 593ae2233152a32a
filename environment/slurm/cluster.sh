#!/usr/bin/env bash
# A one-node Slurm cluster on this machine, for trying `vvs sweep --executor slurm` and for the tests:
#
#   environment/slurm/cluster.sh start    # munged + slurmctld + slurmd; prints the SLURM_CONF line to eval
#   environment/slurm/cluster.sh status   # exit 0 when the controller answers and the node is up
#   environment/slurm/cluster.sh stop
#   eval "$(environment/slurm/cluster.sh env)"   # SLURM_CONF for sbatch/squeue/scancel in this shell
#
# Idempotent: start on a running cluster only checks it. Debian's slurm-wlm and munge (environment/apt-packages.txt)
# run as root (sudo when this user is not root). The configuration, state, spool and logs live in $VVS_SLURM_DIR
# (default .vvs/slurm in the checkout); the node is this host with all its CPUs, in one partition, "debug". The system's
# own Slurm configuration, if any, is not touched: commands find this cluster through SLURM_CONF.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
dir="$(realpath -m "${VVS_SLURM_DIR:-$root/.vvs/slurm}")"
conf="$dir/slurm.conf"
port="${VVS_SLURM_PORT:-6817}"
sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
log() { echo "[slurm] $*" >&2; }
fail() { echo "error: $*" >&2; exit 1; }

need() {
  for tool in munged slurmctld slurmd sbatch squeue scontrol; do
    command -v "$tool" >/dev/null || [ -x "/usr/sbin/$tool" ] || fail "$tool is missing: run environment/setup.sh (it installs Debian's slurm-wlm and munge)."
  done
}

write_conf() {
  local host cpus mem
  host="$(hostname -s)"
  cpus="$(nproc)"
  mem=$(( $(awk '/MemTotal/ {print int($2/1024)}' /proc/meminfo) - 1024 ))
  $sudo mkdir -p "$dir/state" "$dir/spool" "$dir/log"
  $sudo tee "$conf" >/dev/null <<CONF
# Written by environment/slurm/cluster.sh: a one-node cluster on $host.
ClusterName=vvs
SlurmctldHost=$host
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
ReturnToService=2
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
# Finished jobs stay visible to scontrol for an hour (there is no accounting database for sacct).
MinJobAge=3600
KillWait=5
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
}

munge_up() { [ -S /run/munge/munge.socket.2 ] && munge -n </dev/null 2>/dev/null | unmunge >/dev/null 2>&1; }

start_munge() {
  munge_up && return
  [ -f /etc/munge/munge.key ] || { log "creating the munge key"; $sudo mungekey --create --force; $sudo chown munge:munge /etc/munge/munge.key; }
  $sudo mkdir -p /run/munge && $sudo chown munge:munge /run/munge
  log "starting munged"
  $sudo runuser -u munge -- /usr/sbin/munged
  for _ in $(seq 50); do munge_up && return; sleep 0.1; done
  fail "munged did not start (see /var/log/munge/munged.log)."
}

controller_up() { SLURM_CONF="$conf" scontrol ping 2>/dev/null | grep -q "is UP"; }
node_up() { SLURM_CONF="$conf" sinfo -h -o %t 2>/dev/null | grep -qE '^(idle|mix|alloc)'; }

start() {
  need
  if [ -f "$conf" ] && controller_up && node_up; then log "running ($conf)"; echo "export SLURM_CONF=$conf"; return; fi
  start_munge
  write_conf
  if ! controller_up; then
    log "starting slurmctld"
    $sudo /usr/sbin/slurmctld -f "$conf"
  fi
  if ! pgrep -f "slurmd -f $conf" >/dev/null; then
    log "starting slurmd"
    $sudo /usr/sbin/slurmd -f "$conf"
  fi
  for _ in $(seq 100); do
    # Our own daemons must be the ones answering, not another cluster's on the same port.
    if ! pgrep -f "slurmctld -f $conf" >/dev/null; then
      tail -3 "$dir/log/slurmctld.log" >&2 || true
      fail "slurmctld did not stay up (port $port taken by another Slurm controller?); stop that one or set VVS_SLURM_PORT."
    fi
    if controller_up && node_up; then log "up: node $(hostname -s), $(nproc) CPUs, partition debug ($conf)"; echo "export SLURM_CONF=$conf"; return; fi
    sleep 0.2
  done
  tail -5 "$dir/log/slurmctld.log" "$dir/log/slurmd.log" >&2 || true
  fail "the cluster did not come up in 20 s; the logs are in $dir/log."
}

stop() {
  [ -f "$conf" ] || { log "not configured here ($conf)"; return; }
  for daemon in slurmd slurmctld; do
    if [ -f "$dir/$daemon.pid" ] && kill -0 "$(cat "$dir/$daemon.pid")" 2>/dev/null; then
      log "stopping $daemon"; $sudo kill "$(cat "$dir/$daemon.pid")"
    fi
  done
  for _ in $(seq 50); do pgrep -f "(slurmctld|slurmd) -f $conf" >/dev/null || return 0; sleep 0.2; done
  $sudo pkill -9 -f "(slurmctld|slurmd) -f $conf" || true
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) [ -f "$conf" ] && controller_up && node_up && { log "up ($conf)"; exit 0; }; log "down"; exit 1 ;;
  env) echo "export SLURM_CONF=$conf" ;;
  *) sed -n '2,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; [ "${1:-}" = -h ] || [ "${1:-}" = --help ] || exit 2 ;;
esac
