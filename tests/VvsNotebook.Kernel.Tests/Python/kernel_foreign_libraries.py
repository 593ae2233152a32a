"""Drives one VvsNotebook kernel through jupyter_client as a user coming from Polyglot Notebooks would: restores
Plotly.NET and Deedle with #r "nuget:...", shows a chart and a frame, and asks which FSharp.Core got loaded.
Prints, per cell, its reply status and the data of its execute_result/display_data outputs as JSON.
Run by ForeignLibraryTests with JUPYTER_PATH set.
"""
import json
import sys

from jupyter_client.manager import start_new_kernel

KERNEL = sys.argv[1] if len(sys.argv) > 1 else "vvs-csharp"
CELLS = {
    "restore_plotly": '#r "nuget:Plotly.NET, 6.0.0"\n#r "nuget:Plotly.NET.CSharp, 0.14.0"',
    "chart": 'Plotly.NET.CSharp.Chart.Point<int, int, string>(x: new[] { 1, 2, 3 }, y: new[] { 4, 5, 6 }, Name: "pts")',
    "fsharp_core": 'typeof(Microsoft.FSharp.Core.FSharpOption<int>).Assembly.GetName().Version.ToString()',
    "restore_deedle": '#r "nuget:Deedle, 8.1.0"',
    "frame": 'Deedle.Frame.FromRecords(new[] { new { A = 1, B = "x" }, new { A = 2, B = "y" } })',
    "displayed_series": 'display(new Deedle.SeriesBuilder<string, double> { { "alpha", 0.5 } }.Series);',
}

report = {}
km, kc = start_new_kernel(kernel_name=KERNEL, startup_timeout=120)
try:
    for name, code in CELLS.items():
        outputs = []
        reply = kc.execute_interactive(code, timeout=300, output_hook=outputs.append)
        report[name] = {
            "status": reply["content"]["status"],
            "error": reply["content"].get("evalue"),
            "data": [m["content"]["data"] for m in outputs if m["msg_type"] in ("execute_result", "display_data")],
        }
finally:
    kc.stop_channels()
    km.shutdown_kernel(now=False)
print(json.dumps(report))
