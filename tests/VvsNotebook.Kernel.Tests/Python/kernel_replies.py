"""What the kernel-driving scripts share: waiting for the shell reply to one request."""
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
