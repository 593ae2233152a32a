"""Runs a notebook whose cell kills the kernel process; nbclient must report a dead kernel, not wait forever."""
import sys

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import DeadKernelError, CellTimeoutError

nb = nbformat.v4.new_notebook()
nb.cells.append(nbformat.v4.new_code_cell("1 + 1"))
# An exception on a thread of its own is unhandled by definition: .NET ends the process.
nb.cells.append(nbformat.v4.new_code_cell(
    'new System.Threading.Thread(() => throw new Exception("boom")).Start();\nSystem.Threading.Thread.Sleep(60_000);'))
client = NotebookClient(nb, kernel_name=sys.argv[1] if len(sys.argv) > 1 else "vvs-csharp", timeout=90, startup_timeout=120)
try:
    client.execute()
    print("RESULT completed")
except DeadKernelError as e:
    print("RESULT dead-kernel", str(e).splitlines()[0] if str(e) else "")
except CellTimeoutError:
    print("RESULT timeout")
