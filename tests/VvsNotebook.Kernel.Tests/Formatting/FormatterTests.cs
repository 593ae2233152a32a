using VvsNotebook.Display;
using VvsNotebook.Interactive.Formatting;

namespace VvsNotebook.Kernel.Tests.Formatting;

/// <summary>A library-local attribute with the conventional name: the formatter finds it by name, as .NET Interactive does.</summary>
[AttributeUsage(AttributeTargets.Class)]
internal sealed class TypeFormatterSourceAttribute(Type formatterSourceType) : Attribute
{
    public Type FormatterSourceType { get; } = formatterSourceType;
    public string[] PreferredMimeTypes { get; set; } = [];
}

[TypeFormatterSource(typeof(TemperatureFormatters), PreferredMimeTypes = ["text/html"])]
internal sealed record Temperature(double Celsius);

internal sealed class TemperatureFormatters
{
    public IEnumerable<object> CreateTypeFormatters() => [new Html()];

    public sealed class Html
    {
        public string MimeType => "text/html";
        public bool Format(object value, TextWriter writer)
        {
            writer.Write($"<b>{((Temperature)value).Celsius} °C</b>");
            return true;
        }
    }
}

internal sealed record Figure(string Json) : IMimeRenderable
{
    public IReadOnlyDictionary<string, string> ToMimeBundle() => new Dictionary<string, string> { [MimeTypes.Plotly] = Json, [MimeTypes.Html] = "<div/>" };
}

public sealed class FormatterTests
{
    [Fact]
    public void a_type_with_a_name_matched_formatter_source_formats_through_it_and_keeps_text_plain()
    {
        var bundle = MimeFormatter.ToMimeBundle(new Temperature(21.5));
        Assert.Equal("<b>21.5 °C</b>", bundle["text/html"]);
        Assert.Equal("Temperature { Celsius = 21.5 }", bundle["text/plain"]);
        Assert.Equal("text/html", bundle.Keys.First());
    }

    [Fact]
    public void mime_renderables_keep_their_bundle_and_always_gain_text_plain()
    {
        var bundle = MimeFormatter.ToMimeBundle(new Figure("{\"data\":[]}"));
        Assert.Equal("{\"data\":[]}", bundle[MimeTypes.Plotly]);
        Assert.True(bundle.ContainsKey(MimeTypes.Plain));
    }

    [Fact]
    public void a_string_displayed_as_html_is_that_html()
    {
        var bundle = MimeFormatter.ToMimeBundle("<i>x</i>", "text/html");
        Assert.Equal("<i>x</i>", bundle["text/html"]);
        Assert.Equal("<i>x</i>", bundle["text/plain"]);
    }

    [Fact]
    public void numbers_use_the_invariant_culture()
    {
        var previous = Thread.CurrentThread.CurrentCulture;
        Thread.CurrentThread.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
        try { Assert.Equal("1.5", MimeFormatter.ToMimeBundle(1.5)["text/plain"]); }
        finally { Thread.CurrentThread.CurrentCulture = previous; }
    }

    [Fact]
    public void a_sequence_of_records_is_a_paged_html_table_with_the_row_count()
    {
        var rows = Enumerable.Range(0, 60).Select(i => new Temperature(i)).ToList();
        var table = ResultTable.TryCreate(rows)!;
        Assert.Equal(60, table.RowCount);
        var html = table.ToHtml();
        Assert.Contains("60 rows", html);
        Assert.Contains("page <span class=\"vvs-page\">1</span> of 3", html);
        Assert.Equal(3, html.Split("<tbody").Length - 1);
        Assert.Equal(60, html.Split("<tr><td>").Length - 1);
        Assert.EndsWith("(60 rows of Temperature)", table.ToPlainText());
    }

    [Fact]
    public void huge_tables_embed_a_bounded_number_of_rows_and_say_so()
    {
        var html = ResultTable.TryCreate(Enumerable.Range(0, 5000).Select(i => new Temperature(i)))!.ToHtml();
        Assert.Contains("5,000 rows (first 250 shown)", html);
        Assert.Equal(ResultTable.MaxEmbeddedRows, html.Split("<tr><td>").Length - 1);
    }

    [Fact]
    public void sequences_of_scalars_are_not_tables()
    {
        Assert.Null(ResultTable.TryCreate(new[] { 1, 2, 3 }));
        Assert.Equal("[1, 2, 3]", MimeFormatter.ToMimeBundle(new[] { 1, 2, 3 })["text/plain"]);
    }
}
