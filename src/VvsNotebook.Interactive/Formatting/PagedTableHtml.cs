using System.Net;
using System.Text;

namespace VvsNotebook.Interactive.Formatting;

/// <summary>
/// The HTML of our paged tables (<see cref="ResultTable"/>, Deedle frames): one <c>tbody</c> per page, only the first
/// shown, prev/next buttons with a tiny inline script, and a footer caption. One place, so every table looks alike.
/// </summary>
internal static class PagedTableHtml
{
    /// <param name="indexHeader">Header of a leading key column whose cells are <c>th</c>; null for no key column.</param>
    /// <param name="headers">Column headers (plain text, encoded here).</param>
    /// <param name="rows">Each row's key (ignored without a key column) and cells (plain text, encoded here).</param>
    /// <param name="pageSize">Rows per page.</param>
    /// <param name="caption">Footer text before the page controls: our own words and counts, written as is (HtmlEncode
    /// would turn "×" into an entity).</param>
    public static string Render(string? indexHeader, IReadOnlyList<string> headers,
        IReadOnlyList<(string Key, IReadOnlyList<string> Cells)> rows, int pageSize, string caption)
    {
        var id = "vvs-table-" + Guid.NewGuid().ToString("N")[..12];
        var pages = Math.Max(1, (rows.Count + pageSize - 1) / pageSize);
        var html = new StringBuilder();
        html.Append($"<div id=\"{id}\" class=\"vvs-table\"><table><thead><tr>");
        if (indexHeader is not null) html.Append("<th>").Append(WebUtility.HtmlEncode(indexHeader)).Append("</th>");
        foreach (var h in headers) html.Append("<th>").Append(WebUtility.HtmlEncode(h)).Append("</th>");
        html.Append("</tr></thead>");
        for (var p = 0; p < pages; p++)
        {
            html.Append(p == 0 ? "<tbody>" : "<tbody style=\"display:none\">");
            foreach (var (key, cells) in rows.Skip(p * pageSize).Take(pageSize))
            {
                html.Append("<tr>");
                if (indexHeader is not null) html.Append("<th>").Append(WebUtility.HtmlEncode(key)).Append("</th>");
                foreach (var c in cells) html.Append("<td>").Append(WebUtility.HtmlEncode(c)).Append("</td>");
                html.Append("</tr>");
            }
            html.Append("</tbody>");
        }
        html.Append("</table><div class=\"vvs-table-footer\">").Append(caption);
        if (pages > 1)
        {
            html.Append($" · page <span class=\"vvs-page\">1</span> of {pages} ");
            html.Append("<button data-step=\"-1\">‹ prev</button> <button data-step=\"1\">next ›</button>");
            html.Append("<script>(function(){var r=document.getElementById('").Append(id).Append("');if(!r)return;")
                .Append("var b=r.querySelectorAll('tbody'),s=r.querySelector('.vvs-page'),i=0;")
                .Append("r.querySelectorAll('button').forEach(function(x){x.onclick=function(){")
                .Append("var n=i+(+x.dataset.step);if(n<0||n>=b.length)return;b[i].style.display='none';")
                .Append("b[n].style.display='';i=n;s.textContent=i+1;};});})();</script>");
        }
        html.Append("</div></div>");
        return html.ToString();
    }
}
