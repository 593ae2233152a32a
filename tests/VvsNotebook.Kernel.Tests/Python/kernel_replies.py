"""What the kernel-driving scripts share: waiting for the shell reply to one request, and for its iopub messages."""
import time
from queue import Empty


def shell_reply(kc, msg_id, timeout):
    """The shell reply whose parent is msg_id, or None after timeout seconds (other replies are skipped)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            msg = kc.get_shell_msg(timeout=max(0.05, deadline - time.time()))
        except Empty:
            break
        if msg["parent_header"].get("msg_id") == msg_id:
            return msg
    return None


def iopub_for(kc, msg_id, timeout, until=None):
    """Message types on iopub whose parent is msg_id, for timeout seconds or until a message of type `until`."""
    seen = []
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            msg = kc.get_iopub_msg(timeout=0.1)
        except Empty:
            continue
        if msg["parent_header"].get("msg_id") == msg_id:
            seen.append(msg["msg_type"])
            if msg["msg_type"] == until:
                break
    return seen
