using Microsoft.CodeAnalysis.CSharp;
using VvsNotebook.Kernel.Scripting;

namespace VvsNotebook.Kernel.Tests.Scripting;

public sealed class InterruptRewriterTests
{
    [Fact]
    public void every_loop_body_gets_an_interrupt_check_without_new_lines()
    {
        const string code = "while (true) { }\nfor (;;) x++;\nforeach (var i in xs)\n{\n  do { } while (false);\n}";
        var tree = CSharpSyntaxTree.ParseText(code, ScriptSession.ParseOptions);
        var rewritten = InterruptRewriter.Rewrite(tree).GetRoot().ToFullString();
        Assert.Equal(4, rewritten.Split("CellInterrupt.Check()").Length - 1);
        Assert.Equal(code.Split('\n').Length, rewritten.Split('\n').Length);
    }

    [Fact]
    public void code_without_loops_is_left_alone()
    {
        var tree = CSharpSyntaxTree.ParseText("var x = 1;", ScriptSession.ParseOptions);
        Assert.Same(tree, InterruptRewriter.Rewrite(tree));
    }
}
