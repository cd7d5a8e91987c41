using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Tests.Infrastructure;

namespace ProsessLop.Api.Tests.StatusReports;

/// The status report page with the development sign-in, so the page itself can be read.
public sealed class StatusPagesApp : ProsessApp
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Auth:DevelopmentSignIn", "true");
    }
}

/// Every figure on the status report page is named once and counted once: the card's number for
/// a label is the sum row's number under the same label, and the sum row adds up its column.
public sealed partial class StatusFigureTests(StatusPagesApp app) : IClassFixture<StatusPagesApp>
{
    [Fact]
    public async Task TheCard_TheColumns_AndTheSumRow_AgreeUnderOneName()
    {
        // A late programme has both overdue tasks and late reports, so a column mixing the two shows.
        await StatusScenario.ArrangeAsync(app);
        var compiled = await app.ClientAs(Roles.Owner).PostAsync("/api/status-reports/fremtidens-kulturskole", null);
        Assert.Equal(HttpStatusCode.Created, compiled.StatusCode);
        var page = await (await app.SignedInToPagesAsync()).GetStringAsync(compiled.Headers.Location!.OriginalString.Replace("/api/status-reports/", "/statusrapport/", StringComparison.Ordinal));

        var card = CardItem().Matches(page).ToDictionary(m => m.Groups[2].Value.Trim().ToLowerInvariant(), m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        var table = Section(page, "<table>", "</table>");
        var headers = Cells(Section(table, "<thead>", "</thead>"));
        var rows = RowsOf(Section(table, "<tbody>", "</tbody>")).Select(Cells).ToList();
        var sums = Cells(Section(table, "<tfoot>", "</tfoot>"));
        Assert.Equal(headers.Count, sums.Count);
        Assert.NotEmpty(rows);

        var figures = 0;
        for (var column = 0; column < headers.Count; column++)
        {
            if (!headers[column].Numeric)
            {
                continue;
            }

            figures++;
            var label = headers[column].Text.ToLowerInvariant();
            var sum = int.Parse(sums[column].Text, System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(card.TryGetValue(label, out var total), $"The column «{headers[column].Text}» has no figure with that name on the card ({string.Join(", ", card.Keys)}).");
            Assert.Equal(total, sum);
            Assert.Equal(sum, rows.Sum(r => int.Parse(r[column].Text, System.Globalization.CultureInfo.InvariantCulture)));
        }

        Assert.True(figures >= 2);
        Assert.True(card["forfalte oppgaver"] > 0 && card["forsinkede rapporter"] > 0, "The scenario should have both overdue tasks and late reports.");
    }

    private sealed record Cell(string Text, bool Numeric);

    private static string Section(string html, string open, string close)
    {
        var start = html.IndexOf(open, StringComparison.Ordinal);
        Assert.True(start >= 0, $"No {open} on the page.");
        return html[start..(html.IndexOf(close, start, StringComparison.Ordinal) + close.Length)];
    }

    private static IEnumerable<string> RowsOf(string body) => RowPattern().Matches(body).Select(m => m.Value);

    private static List<Cell> Cells(string row) =>
        [.. CellPattern().Matches(row).Select(m => new Cell(Tags().Replace(m.Groups[2].Value, "").Trim(), m.Groups[1].Value.Contains("class=\"num\"", StringComparison.Ordinal)))];

    [GeneratedRegex(@"<li><strong>(\d+)</strong>\s*([^<]+)</li>")]
    private static partial Regex CardItem();

    [GeneratedRegex(@"<tr>.*?</tr>", RegexOptions.Singleline)]
    private static partial Regex RowPattern();

    [GeneratedRegex(@"<t[hd]([^>]*)>(.*?)</t[hd]>", RegexOptions.Singleline)]
    private static partial Regex CellPattern();

    [GeneratedRegex(@"<[^>]+>")]
    private static partial Regex Tags();
}
