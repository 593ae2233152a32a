using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace VvsNotebook.Kernel.Scripting;

/// <summary>
/// Puts an interrupt check at the top of every loop body. Roslyn scripts only observe cancellation between
/// submissions, so without this an endless loop could never be stopped. Nothing is added on new lines, so compile
/// errors and stack traces keep their line numbers.
/// </summary>
internal sealed class InterruptRewriter : CSharpSyntaxRewriter
{
    private static readonly StatementSyntax CheckStatement =
        SyntaxFactory.ParseStatement("global::VvsNotebook.Kernel.Scripting.CellInterrupt.Check();");

    public static SyntaxTree Rewrite(SyntaxTree tree)
    {
        var root = tree.GetRoot();
        if (!root.DescendantNodes().Any(n => n is WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax or CommonForEachStatementSyntax))
            return tree;
        return tree.WithRootAndOptions(new InterruptRewriter().Visit(root), tree.Options);
    }

    public override SyntaxNode? Visit(SyntaxNode? node) => base.Visit(node) switch
    {
        WhileStatementSyntax loop => loop.WithStatement(WithCheck(loop.Statement)),
        DoStatementSyntax loop => loop.WithStatement(WithCheck(loop.Statement)),
        ForStatementSyntax loop => loop.WithStatement(WithCheck(loop.Statement)),
        CommonForEachStatementSyntax loop => loop.WithStatement(WithCheck(loop.Statement)),
        var other => other,
    };

    private static StatementSyntax WithCheck(StatementSyntax body) => body is BlockSyntax block
        ? block.WithStatements(block.Statements.Insert(0, CheckStatement))
        : SyntaxFactory.Block(CheckStatement, body);
}
