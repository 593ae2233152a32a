"""Drives one VvsNotebook kernel through jupyter_client (an independent client) and prints a JSON report.

Scenarios: a spoofed and a replayed signature are refused; an interrupted endless loop (and a blocking sleep)
returns control; 100 cells in a row keep working. Run by KernelScenarioTests with JUPYTER_PATH set.
"""
import json
import sys
import time
from queue import Empty

import zmq
from jupyter_client.manager import start_new_kernel
from jupyter_client.session import Session

from kernel_replies import iopub_for, shell_reply

KERNEL = sys.argv[1] if len(sys.argv) > 1 else "vvs-csharp"
report = {}


def spoof(km, kc):
    info = km.get_connection_info()
    ctx = zmq.Context.instance()
    shell = ctx.socket(zmq.DEALER)
    shell.connect(f"tcp://{info['ip']}:{info['shell_port']}")
    forged = Session(key=b"not-the-kernel-key", username="mallory")
    msg = forged.msg("execute_request", {"code": "System.IO.File.WriteAllText(\"/dev/null\", \"pwned\"); 1", "silent": False,
                                          "store_history": True, "user_expressions": {}, "allow_stdin": False,
                                          "stop_on_error": True})
    forged.send(shell, msg)
    forged_answered = shell.poll(2000) != 0
    forged_iopub = iopub_for(kc, msg["header"]["msg_id"], 0.5)

    genuine = Session(key=info["key"], username="alice")
    real = genuine.msg("kernel_info_request", {})
    frames = genuine.serialize(real)
    shell.send_multipart(frames)
    genuine_answered = shell.poll(10000) != 0
    if genuine_answered:
        shell.recv_multipart()
    shell.send_multipart(frames)  # the same signed frames again: a replay
    replay_answered = shell.poll(2000) != 0
    shell.close(0)
    report["spoof"] = {"forged_answered": forged_answered, "forged_iopub": forged_iopub,
                       "genuine_answered": genuine_answered, "replay_answered": replay_answered}


def interrupt(km, kc, code, name):
    msg_id = kc.execute(code)
    # Interrupt only once the cell is running: an interrupt before that has nothing to stop (as in ipykernel).
    iopub_for(kc, msg_id, 60, until="execute_input")
    time.sleep(1.0)
    started = time.time()
    km.interrupt_kernel()
    reply = shell_reply(kc, msg_id, 30)
    after = kc.execute_interactive("1 + 1", timeout=30, output_hook=lambda m: None)
    report[name] = {
        "reply_status": reply["content"]["status"] if reply else None,
        "ename": reply["content"].get("ename") if reply else None,
        "seconds_to_reply": round(time.time() - started, 2),
        "next_cell_status": after["content"]["status"],
    }


def stop_on_error(kc):
    # Three cells sent at once: the first fails, so the two queued behind it must not run.
    ids = [kc.execute('throw new Exception("first fails");'), kc.execute("var ranAnyway = 1;"), kc.execute("2")]
    replies = {}
    deadline = time.time() + 60
    while len(replies) < len(ids) and time.time() < deadline:
        try:
            msg = kc.get_shell_msg(timeout=1)
        except Empty:
            continue
        replies[msg["parent_header"].get("msg_id")] = msg["content"]["status"]
    statuses = [replies.get(i) for i in ids]
    after = kc.execute_interactive("#!who", timeout=30, output_hook=lambda m: None)
    report["stop_on_error"] = {"statuses": statuses, "next_cell_status": after["content"]["status"]}


def silent(kc):
    msg_id = kc.execute('Console.WriteLine("not shown"); var silentValue = 5; silentValue', silent=True)
    reply = shell_reply(kc, msg_id, 30)
    seen = iopub_for(kc, msg_id, 1.0)  # everything the cell published, idle included, is out by its reply
    after = []
    kc.execute_interactive("silentValue", timeout=30, output_hook=lambda m: after.append(m))
    values = [m["content"]["data"]["text/plain"] for m in after if m["msg_type"] == "execute_result"]
    report["silent"] = {"iopub": seen, "status": reply["content"]["status"] if reply else None, "value_after": values[0] if values else None}


def hundred(kc):
    statuses, results = [], []
    kc.execute_interactive("var total = 0;", timeout=60, output_hook=lambda m: None)
    for i in range(100):
        outputs = []
        reply = kc.execute_interactive(f"total += {i}; total", timeout=60,
                                       output_hook=lambda m: outputs.append(m))
        statuses.append(reply["content"]["status"])
        values = [m["content"]["data"]["text/plain"] for m in outputs if m["msg_type"] == "execute_result"]
        results.append(values[0] if values else None)
    report["hundred"] = {"statuses": statuses, "last": results[-1], "results_present": sum(r is not None for r in results)}


km, kc = start_new_kernel(kernel_name=KERNEL, startup_timeout=120)
try:
    spoof(km, kc)
    interrupt(km, kc, "long n = 0; while (true) { n++; }", "interrupt_loop")
    interrupt(km, kc, "System.Threading.Thread.Sleep(120_000);", "interrupt_sleep")
    stop_on_error(kc)
    silent(kc)
    hundred(kc)
finally:
    kc.stop_channels()
    km.shutdown_kernel(now=False)
print(json.dumps(report))
