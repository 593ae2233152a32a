"""The Jupyter project's kernel conformance suite (jupyter_kernel_test) pointed at the VvsNotebook kernel."""
import os
import unittest

import jupyter_kernel_test


class VvsNotebookKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = os.environ.get("VVS_KERNEL_NAME", "vvs-csharp")
    language_name = "C#"
    file_extension = ".cs"

    code_hello_world = 'Console.WriteLine("hello, world");'
    code_stderr = 'Console.Error.WriteLine("oops");'
    code_generate_error = 'throw new InvalidOperationException("expected failure");'
    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": '"vvs" + "notebook"', "result": "vvsnotebook"},
        {"code": "Math.Sqrt(2.25)", "result": "1.5"},
    ]
    code_display_data = [
        {"code": 'display("<b>bold</b>", "text/html");', "mime": "text/html"},
        {"code": 'display(3.5);', "mime": "text/plain"},
    ]
    code_clear_output = 'ClearOutput();'
    completion_samples = [
        {"text": "Console.WriteL", "matches": {"WriteLine"}},
        {"text": "Math.Sqr", "matches": {"Sqrt"}},
    ]
    complete_code_samples = ["1 + 1", "var x = 3;", "class C { }", "#!lsmagic"]
    incomplete_code_samples = ["if (true) {", "void F() {", "var s = new[] {"]
    invalid_code_samples = ["var = ;", "int x = 1 +;"]
    code_inspect_sample = "Console"
    supported_history_operations = ("tail", "range", "search")
    code_history_pattern = "6 * 7"


if __name__ == "__main__":
    unittest.main(verbosity=2)
