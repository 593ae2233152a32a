"""Interrupts long magics (#!train, #!fit, #!benchmark) in a real VvsNotebook kernel through jupyter_client; prints a JSON report.

For each magic: the cell is started, interrupted about 3 s in, and the report gives its reply status, how long the
reply took, the kernel process's CPU seconds over the 3 s that follow (a cell abandoned but still running keeps a
core busy, about 3 CPU seconds), and whether the next cell runs. Run by MagicInterruptTests with JUPYTER_PATH set.
Usage: kernel_magic_interrupt.py KERNEL_NAME WORK_DIR
"""
import json
import os
import sys
import time
from queue import Empty

from jupyter_client.manager import start_new_kernel

from kernel_replies import iopub_for, shell_reply

KERNEL = sys.argv[1]
WORK = sys.argv[2]
TICKS = os.sysconf("SC_CLK_TCK")
report = {}


def cpu_seconds(pid):
    """User plus system CPU time of the process (all its threads), from /proc."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def last_status(kc, msg_id):
    """The text of the cell's latest display (the magic's live status line) among the iopub messages so far."""
    text = None
    while True:
        try:
            msg = kc.get_iopub_msg(timeout=0.05)
        except Empty:
            return text
        if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] in ("display_data", "update_display_data"):
            text = msg["content"].get("data", {}).get("text/plain", text)


def run_ok(kc, code, timeout=300):
    reply = kc.execute_interactive(code, timeout=timeout, output_hook=lambda m: None)
    return reply["content"]["status"], reply["content"].get("evalue")


def interrupt(km, kc, pid, name, code, started_when=None):
    msg_id = kc.execute(code)
    iopub_for(kc, msg_id, 60, until="execute_input")
    # Interrupt inside the magic's loops, not in its one-off start-up (loading libtorch and Fashion-MNIST).
    deadline = time.time() + 120
    while started_when is not None and not started_when() and time.time() < deadline:
        time.sleep(0.05)
    time.sleep(3.0)
    shown = last_status(kc, msg_id)
    busy_before = cpu_seconds(pid)
    started = time.time()
    km.interrupt_kernel()
    reply = shell_reply(kc, msg_id, 60)
    replied = time.time()
    # Let the cell's last work (a batch, a fold) drain, then measure what the kernel burns while idle.
    time.sleep(1.0)
    idle_start = cpu_seconds(pid)
    time.sleep(3.0)
    idle_cpu = cpu_seconds(pid) - idle_start
    after = run_ok(kc, "1 + 1", 60)
    content = reply["content"] if reply else {}
    report[name] = {
        "reply_status": content.get("status"),
        "ename": content.get("ename"),
        "evalue": content.get("evalue"),
        "seconds_to_reply": round(replied - started, 2),
        "cpu_seconds_before_interrupt": round(busy_before, 2),
        "cpu_seconds_in_3s_after": round(idle_cpu, 2),
        "next_cell_status": after[0],
        "status_when_interrupted": shown,
    }


km, kc = start_new_kernel(kernel_name=KERNEL, startup_timeout=180)
try:
    pid = km.provisioner.process.pid if getattr(km, "provisioner", None) else km.kernel.pid
    train = os.path.join(WORK, "train")
    scored = os.path.join(WORK, "scored")
    # One step an epoch, then validation on all 10,000 test images: the interrupt lands in validation (or a step).
    # (subsample.json appears once the model is built and the subset drawn, just before the first step.)
    interrupt(km, kc, pid, "train",
              f'#!train --arch resnet18 --width 0.5 --samples-per-class 1 --epochs 100 --batch-size 10 --threads 1 --run-dir "{train}"',
              started_when=lambda: os.path.exists(os.path.join(train, "subsample.json")))
    interrupt(km, kc, pid, "fit", "#!fit all --bootstraps 1000 --no-cache")
    # A finished small run to benchmark; every layer and many images keep the scoring busy for far longer than 3 s.
    report["prepare"] = run_ok(kc, f'#!train --arch resnet10 --width 0.25 --samples-per-class 1 --epochs 1 --batch-size 10 '
                                   f'--threads 1 --validation-images 20 --run-dir "{scored}"')
    interrupt(km, kc, pid, "benchmark", f'#!benchmark --run "{scored}" --layers all --images-per-class 100')
finally:
    kc.stop_channels()
    km.shutdown_kernel(now=True)
print(json.dumps(report))
