using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace ProsessLop.Api.Features.StatusReports;

/// One row per programme with Norwegian headers, for people who work on in Excel. CSV and XLSX
/// share the columns so the two never drift apart.
public static class StatusExport
{
    private sealed record Column(string Header, Func<ParticipantStatus, object> Value);

    private static string Names(IEnumerable<ItemRef> items) => string.Join("; ", items.Select(i => $"{i.Name} ({StatusTexts.Date(i.Due)})"));

    private static readonly Column[] Columns =
    [
        new("Deltaker", p => p.ParticipantName),
        new("Kommunenummer/region", p => p.ParticipantId),
        new("Versjon", p => p.DefinitionVersion),
        new("Programstatus", p => StatusTexts.Programme(p.Status)),
        new("Fase", p => p.StageName),
        new("Status", p => StatusTexts.Health(p.Health)),
        new("Årsaker", p => string.Join(" ", p.Reasons.Select(r => r.Text))),
        new("Neste frist", p => StatusTexts.Date(p.NextDeadline)),
        new("Forfalte oppgaver", p => p.OverdueTasks.Count),
        new("Forfalte oppgaver (navn)", p => Names(p.OverdueTasks)),
        new("Forsinkede rapporter", p => Names(p.LateReports)),
        new("Rapporter med frist", p => Names(p.ReportsDue)),
        new("Venter på godkjenning", p => p.AwaitingReview.Count),
        new("Åpne avvik", p => p.OpenDeviations),
        new("Største risikoer", p => string.Join("; ", p.TopRisks.Select(r => $"{r.Description} ({r.Score})"))),
        new("Nye erfaringer", p => p.NewLearningEntries),
    ];

    public static string FileName(StatusReportView report, string extension) =>
        $"statusrapport-{report.DefinitionKey}-{Infrastructure.ShownTime.FileStamp(report.CompiledAt)}.{extension}";

    /// Semicolon-separated (what Excel with Norwegian settings expects), UTF-8 with a BOM so
    /// Excel reads æ, ø and å correctly; CRLF line ends as RFC 4180 says.
    public static byte[] Csv(StatusReportView report)
    {
        var csv = new StringBuilder();
        csv.Append(string.Join(';', Columns.Select(c => Quote(c.Header)))).Append("\r\n");
        foreach (var p in report.Content.Programmes)
        {
            csv.Append(string.Join(';', Columns.Select(c => CsvCell(c.Value(p))))).Append("\r\n");
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv.ToString())];
    }

    public static byte[] Xlsx(StatusReportView report)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var sheetPart = workbook.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            data.Append(Row(Columns.Select(c => (object)c.Header)));
            foreach (var p in report.Content.Programmes)
            {
                data.Append(Row(Columns.Select(c => c.Value(p))));
            }

            sheetPart.Worksheet = new Worksheet(data);
            var sheets = workbook.Workbook.AppendChild(new Sheets());
            sheets.Append(new Sheet { Id = workbook.GetIdOfPart(sheetPart), SheetId = 1, Name = "Status" });
            workbook.Workbook.Save();
        }

        return stream.ToArray();
    }

    private static Row Row(IEnumerable<object> values) =>
        new(values.Select(v => v is int n
            ? new Cell { DataType = CellValues.Number, CellValue = new CellValue(n) }
            : new Cell { DataType = CellValues.InlineString, InlineString = new InlineString(new Text(Text(v)) { Space = SpaceProcessingModeValues.Preserve }) }));

    private static string Text(object value) => value is int n ? n.ToString(CultureInfo.InvariantCulture) : (string)value;

    // CSV injection (CWE-1236): a spreadsheet runs a cell that begins with one of these as a
    // formula. Names, risks and reasons are user text, so such a cell gets a leading apostrophe,
    // as OWASP recommends; Excel shows the text, not a formula. Numbers are ours and left alone.
    private static readonly char[] FormulaStarts = ['=', '+', '-', '@', '\t', '\r'];

    private static string CsvCell(object value) => Quote(value is string text ? Neutralise(text) : Text(value));

    private static string Neutralise(string value) => value.Length > 0 && FormulaStarts.Contains(value[0]) ? "'" + value : value;

    private static string Quote(string value) =>
        value.IndexOfAny([';', '"', '\r', '\n']) >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
}
