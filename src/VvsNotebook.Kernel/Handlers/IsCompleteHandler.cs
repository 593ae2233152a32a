using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using VvsNotebook.Kernel.Protocol;
using VvsNotebook.Kernel.Scripting;

namespace VvsNotebook.Kernel.Handlers;

/// <summary>is_complete_request: whether pressing Enter in a console should run the code or continue it.</summary>
internal sealed class IsCompleteHandler : IRequestHandler
{
    public string MsgType => "is_complete_request";

    public void Handle(KernelRequest request) =>
        request.Reply("is_complete_reply", Check(request.Content<IsCompleteRequest>().Code));

    public static IsCompleteReply Check(string code)
    {
        var cell = CellParser.Parse(code);
        if (!cell.HasCode) return new IsCompleteReply("complete");
        var tree = CSharpSyntaxTree.ParseText(cell.Code, ScriptSession.ParseOptions);
        if (!SyntaxFactory.IsCompleteSubmission(tree)) return new IsCompleteReply("incomplete", "    ");
        return tree.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error)
            ? new IsCompleteReply("invalid")
            : new IsCompleteReply("complete");
    }
}
