using System.Globalization;
using System.IO.Compression;
using System.Xml.Linq;
using ProsessLop.Api.Features.StatusReports;
using ProsessLop.Workflow.Definitions;
using ProsessLop.Workflow.Engine;

namespace ProsessLop.Api.Tests.StatusReports;

/// The Excel file is for people who work on in Excel: read here as Excel reads it, from the XML
/// inside the package.
public sealed class StatusWorkbookTests
{
    private static readonly XNamespace X = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    private static ParticipantStatus Participant(string name, DateOnly? next, int overdue, int deviations, int learning, IReadOnlyList<ItemRef>? awaiting = null) => new(
        Guid.NewGuid(), ParticipantKind.Municipality, "1804", name, 1, ProgrammeStatus.Active, null, "forankring", "Forankring", Health.OnTrack,
        [new StatusReason("note", "I rute")], next,
        [.. Enumerable.Range(1, overdue).Select(i => new ItemRef($"t{i}", $"Oppgave {i}", new DateOnly(2026, 9, i), "open"))],
        [], [], awaiting ?? [], [], deviations, [], learning);

    private static StatusReportView Report(params ParticipantStatus[] programmes)
    {
        var totals = new StatusTotals(programmes.Length, programmes.Length, 0, [], [], programmes.Sum(p => p.OverdueTasks.Count), 0, 0, programmes.Sum(p => p.OpenDeviations), programmes.Sum(p => p.NewLearningEntries));
        var content = new StatusContent("fremtidens-kulturskole", "Fremtidens kulturskole", new DateOnly(2027, 1, 4), null, null, totals, programmes, []);
        return new StatusReportView(Guid.NewGuid(), "fremtidens-kulturskole", DateTimeOffset.UtcNow, [1], "test", "Test", content);
    }

    private static (XElement Sheet, XElement Styles, XElement Workbook) Open(byte[] xlsx)
    {
        using var zip = new ZipArchive(new MemoryStream(xlsx));
        XElement Part(Func<string, bool> which)
        {
            using var part = zip.Entries.Single(e => which(e.FullName)).Open();
            return XElement.Load(part);
        }

        return (Part(n => n.StartsWith("xl/worksheets/", StringComparison.Ordinal)), Part(n => n.EndsWith("styles.xml", StringComparison.Ordinal)), Part(n => n == "xl/workbook.xml"));
    }

    private static XElement CellAt(XElement sheet, int row, int column) =>
        sheet.Descendants(X + "row").Single(r => (string?)r.Attribute("r") == row.ToString(CultureInfo.InvariantCulture)).Elements(X + "c").ElementAt(column);

    [Fact]
    public void Xlsx_HasRealDates_StyledFrozenFilteredHeader_AndATotalsRow()
    {
        var xlsx = StatusExport.Xlsx(Report(
            Participant("Bodø", new DateOnly(2027, 2, 15), overdue: 2, deviations: 1, learning: 0),
            Participant("Oslo", null, overdue: 3, deviations: 0, learning: 4)));
        using (var document = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(new MemoryStream(xlsx), false))
        {
            Assert.Empty(new DocumentFormat.OpenXml.Validation.OpenXmlValidator().Validate(document).Select(e => $"{e.Path?.XPath}: {e.Description}"));
        }

        var (sheet, styles, workbook) = Open(xlsx);
        var formats = styles.Element(X + "cellXfs")!.Elements(X + "xf").ToList();
        var fonts = styles.Element(X + "fonts")!.Elements(X + "font").ToList();
        XElement Format(XElement cell) => formats[(int?)cell.Attribute("s") ?? 0];
        bool Bold(XElement cell) => fonts[(int?)Format(cell).Attribute("fontId") ?? 0].Element(X + "b") is not null;

        // Header: bold, frozen above the scrolling rows, with a filter over header and participants.
        var header = sheet.Descendants(X + "row").First();
        Assert.Equal("Deltaker", header.Elements(X + "c").First().Value);
        Assert.All(header.Elements(X + "c"), c => Assert.True(Bold(c)));
        var pane = sheet.Descendants(X + "pane").Single();
        Assert.Equal(("frozen", "1", "A2"), ((string?)pane.Attribute("state"), (string?)pane.Attribute("ySplit"), (string?)pane.Attribute("topLeftCell")));
        Assert.Equal("A1:Q3", (string?)sheet.Element(X + "autoFilter")?.Attribute("ref"));
        Assert.Contains(workbook.Descendants(X + "definedName"), d => (string?)d.Attribute("name") == "_xlnm._FilterDatabase" && d.Value == "Status!$A$1:$Q$3");
        Assert.NotEmpty(sheet.Element(X + "cols")!.Elements(X + "col"));

        // «Neste frist»: a number (days since 1900) in a date format, not text; empty when there is none.
        var date = CellAt(sheet, 2, 7);
        Assert.Null(date.Attribute("t"));
        Assert.Equal(new DateOnly(2027, 2, 15).ToDateTime(TimeOnly.MinValue).ToOADate(), double.Parse(date.Element(X + "v")!.Value, CultureInfo.InvariantCulture));
        var numberFormat = (string)Format(date).Attribute("numFmtId")!;
        Assert.Equal("dd.mm.yyyy", (string?)styles.Descendants(X + "numFmt").Single(f => (string?)f.Attribute("numFmtId") == numberFormat).Attribute("formatCode"));
        Assert.Equal("1", (string?)Format(date).Attribute("applyNumberFormat"));
        Assert.Empty(CellAt(sheet, 3, 7).Elements());

        // Totals row under the participants: bold, sums of the counts that add up (visible rows only).
        var total = sheet.Descendants(X + "row").Last();
        Assert.Equal("4", (string?)total.Attribute("r"));
        Assert.Equal("Sum", total.Elements(X + "c").First().Value);
        Assert.True(Bold(total.Elements(X + "c").First()));
        var overdue = total.Elements(X + "c").ElementAt(8);
        Assert.Equal("SUBTOTAL(109,I2:I3)", overdue.Element(X + "f")?.Value);
        Assert.Equal("5", overdue.Element(X + "v")?.Value);
        Assert.Equal("1", total.Elements(X + "c").ElementAt(14).Element(X + "v")?.Value); // open deviations
        Assert.Equal("4", total.Elements(X + "c").ElementAt(16).Element(X + "v")?.Value); // new learning entries
        Assert.Null(total.Elements(X + "c").ElementAt(2).Element(X + "f")); // the definition version is no count
    }

    [Fact]
    public void Comparison_ReportsNewlySubmittedReports_AndChangedTotals()
    {
        var submitted = new ItemRef("forankringsnotat", "Forankringsnotat", new DateOnly(2026, 10, 1), "submitted");
        var bodoThen = Participant("Bodø", null, overdue: 1, deviations: 0, learning: 0);
        var osloThen = Participant("Oslo", null, overdue: 2, deviations: 1, learning: 0);
        var bodoNow = bodoThen with { AwaitingReview = [submitted] };
        var osloNow = osloThen with { AwaitingReview = [submitted], OpenDeviations = 3 };
        var then = Snapshot(Report(bodoThen, osloThen), awaiting: 0);
        var now = Snapshot(Report(bodoNow, osloNow), awaiting: 2);

        var changes = CompareStatusReportsHandler.Compare(now, then);

        Assert.Equal([("Bodø", "forankringsnotat"), ("Oslo", "forankringsnotat")], changes.NewlySubmitted.Select(s => (s.ParticipantName, s.Key)).Order());
        Assert.All(changes.NewlySubmitted, s => Assert.Equal("Forankringsnotat", s.Name));
        Assert.Equal(
            [new TotalChange("awaitingReview", StatusFigures.AwaitingReview.Label, 0, 2), new TotalChange("openDeviations", "Åpne avvik", 1, 3)],
            changes.TotalChanges);
        Assert.Empty(CompareStatusReportsHandler.Compare(now, now).NewlySubmitted);
        Assert.Empty(CompareStatusReportsHandler.Compare(now, now).TotalChanges);
    }

    private static StatusSnapshot Snapshot(StatusReportView report, int awaiting)
    {
        var programmes = report.Content.Programmes;
        var totals = report.Content.Totals with { AwaitingReview = awaiting, OpenDeviations = programmes.Sum(p => p.OpenDeviations) };
        return new StatusSnapshot
        {
            Id = Guid.NewGuid(), DefinitionKey = report.DefinitionKey, CompiledAt = report.CompiledAt, CompiledBy = "system", CompiledByName = "ProsessLøp",
            Content = report.Content with { Totals = totals },
        };
    }
}
