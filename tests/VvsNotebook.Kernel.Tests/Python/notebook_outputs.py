"""Validates an executed notebook with nbformat and prints, per code cell, its output types as JSON."""
import json
import sys

import nbformat

nb = nbformat.read(sys.argv[1], as_version=4)
nbformat.validate(nb)
cells = []
for cell in nb.cells:
    if cell.cell_type != "code":
        continue
    outputs = []
    for o in cell.outputs:
        entry = {"type": o.output_type}
        if o.output_type in ("execute_result", "display_data"):
            entry["mimes"] = sorted(o.data.keys())
            entry["text"] = o.data.get("text/plain", "")
        elif o.output_type == "stream":
            entry["text"] = o.text
        elif o.output_type == "error":
            entry["ename"] = o.ename
            entry["evalue"] = o.evalue
        outputs.append(entry)
    cells.append({"source": cell.source, "outputs": outputs})
print(json.dumps({"valid": True, "language": nb.metadata.get("language_info", {}).get("name"), "cells": cells}))
