using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using ProsessLop.Workflow.Engine;

namespace ProsessLop.Api.Features.StatusReports;

/// One row per programme with Norwegian headers (in the downloading person's standard), for people who work on in Excel. CSV and XLSX
/// share the columns so the two never drift apart.
public static class StatusExport
{
    /// <param name="Header">The header in the reader's standard (read when a file is written).</param>
    /// <param name="Sum">Counts that add up across participants: the XLSX totals row sums them.</param>
    /// <param name="Width">Column width in Excel's characters.</param>
    private sealed record Column(Func<string> Header, Func<ParticipantStatus, object?> Value, bool Sum = false, double Width = 14);

    private static Column Figure(StatusFigure figure) => new(() => figure.Label, p => figure.PerProgramme(p), Sum: true, Width: 10);

    private static Column Named(StatusFigure figure, Func<ParticipantStatus, IEnumerable<ItemRef>> items, double width) =>
        new(() => Vocabulary.Format(StatusReportTexts.Export_Names, figure.Label), p => Names(items(p)), Width: width);

    private static string Names(IEnumerable<ItemRef> items) => string.Join("; ", items.Select(i => $"{i.Name} ({StatusTexts.Date(i.Due)})"));

    // Values are strings, ints (counts) or DateOnly? (dates): CSV writes dates as dd.MM.yyyy,
    // XLSX as real dates, so Excel sorts and filters them as dates. Headers and status words are
    // in the standard of the person who downloads the file (the current UI culture).
    private static readonly Column[] Columns =
    [
        new(() => StatusReportTexts.Export_Participant, p => p.ParticipantName, Width: 24),
        new(() => StatusReportTexts.Export_ParticipantId, p => p.ParticipantId, Width: 12),
        new(() => StatusReportTexts.Export_Version, p => p.DefinitionVersion, Width: 8),
        new(() => StatusReportTexts.Export_ProgrammeStatus, p => StatusTexts.Programme(p.Status)),
        new(() => StatusReportTexts.Export_Stage, p => p.StageName, Width: 18),
        new(() => StatusReportTexts.Export_Status, p => StatusTexts.Health(p.Health), Width: 18),
        new(() => StatusReportTexts.Export_Reasons, p => string.Join(" ", StatusTexts.StoredReasons(p).Reasons.Select(r => r.Text)), Width: 40),
        new(() => StatusReportTexts.Export_NextDeadline, p => p.NextDeadline, Width: 12),
        Figure(StatusFigures.OverdueTasks),
        Named(StatusFigures.OverdueTasks, p => p.OverdueTasks, 40),
        Figure(StatusFigures.LateReports),
        Named(StatusFigures.LateReports, p => p.LateReports, 30),
        new(() => StatusReportTexts.Export_ReportsDue, p => Names(p.ReportsDue), Width: 30),
        Figure(StatusFigures.AwaitingReview),
        Figure(StatusFigures.OpenDeviations),
        new(() => StatusReportTexts.Export_TopRisks, p => string.Join("; ", p.TopRisks.Select(r => $"{r.Description} ({r.Score})")), Width: 40),
        new(() => StatusReportTexts.Figure_NewLearning, p => p.NewLearningEntries, Sum: true, Width: 10),
    ];

    public static string FileName(StatusReportView report, string extension) =>
        $"statusrapport-{report.DefinitionKey}-{Infrastructure.ShownTime.FileStamp(report.CompiledAt)}.{extension}";

    /// Semicolon-separated (what Excel with Norwegian settings expects), UTF-8 with a BOM so
    /// Excel reads æ, ø and å correctly; CRLF line ends as RFC 4180 says.
    public static byte[] Csv(StatusReportView report)
    {
        var csv = new StringBuilder();
        csv.Append(string.Join(';', Columns.Select(c => Quote(c.Header())))).Append("\r\n");
        foreach (var p in report.Content.Programmes)
        {
            csv.Append(string.Join(';', Columns.Select(c => CsvCell(c.Value(p))))).Append("\r\n");
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv.ToString())];
    }

    /// A sheet to work on: bold header row frozen at the top with a filter on it, dates as dates,
    /// counts as numbers, and a totals row below the participants that sums the visible rows
    /// (SUBTOTAL), with the compiled figures stored as its values.
    public static byte[] Xlsx(StatusReportView report)
    {
        var programmes = report.Content.Programmes;
        var lastColumn = ColumnName(Columns.Length - 1);
        var lastRow = programmes.Count + 1;
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            workbook.AddNewPart<WorkbookStylesPart>().Stylesheet = Styles();
            var sheetPart = workbook.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            data.Append(new Row(Columns.Select(c => TextCell(c.Header(), Style.Header))) { RowIndex = 1 });
            foreach (var (p, i) in programmes.Select((p, i) => (p, i)))
            {
                data.Append(new Row(Columns.Select(c => Cell(c.Value(p)))) { RowIndex = (uint)(i + 2) });
            }

            data.Append(new Row(Columns.Select((c, i) => i == 0 ? TextCell(StatusReportTexts.Export_Sum, Style.Total)
                : c.Sum ? new Cell
                {
                    StyleIndex = Style.Total,
                    CellFormula = new CellFormula($"SUBTOTAL(109,{ColumnName(i)}2:{ColumnName(i)}{lastRow})"),
                    CellValue = new CellValue(programmes.Sum(p => (int)c.Value(p)!)),
                }
                : new Cell { StyleIndex = Style.Total })) { RowIndex = (uint)(lastRow + 1) });

            var frozen = new Pane { VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen };
            sheetPart.Worksheet = new Worksheet(
                new SheetViews(new SheetView(frozen, new Selection { Pane = PaneValues.BottomLeft }) { WorkbookViewId = 0 }),
                new Columns(Columns.Select((c, i) => new DocumentFormat.OpenXml.Spreadsheet.Column { Min = (uint)(i + 1), Max = (uint)(i + 1), Width = c.Width, CustomWidth = true })),
                data,
                new AutoFilter { Reference = $"A1:{lastColumn}{lastRow}" });
            var sheets = workbook.Workbook.AppendChild(new Sheets());
            sheets.Append(new Sheet { Id = workbook.GetIdOfPart(sheetPart), SheetId = 1, Name = Sheet });
            // Excel keeps a filter's range in this hidden name; without it some versions drop the filter.
            workbook.Workbook.Append(new DefinedNames(new DefinedName($"{Sheet}!$A$1:${lastColumn}${lastRow}")
            {
                Name = "_xlnm._FilterDatabase", LocalSheetId = 0, Hidden = true,
            }));
            workbook.Workbook.Save();
        }

        return stream.ToArray();
    }

    // The sheet's name, read once per file (the same word in both standards today).
    private static string Sheet => StatusReportTexts.Export_Sheet;

    /// Indexes into the stylesheet's cell formats (<see cref="Styles"/>).
    private static class Style
    {
        public const uint Header = 1;
        public const uint Date = 2;
        public const uint Total = 3;
        public const uint Wrapped = 4;
    }

    private const uint DateFormatId = 164; // the first id for custom number formats

    private static Stylesheet Styles() => new(
        new NumberingFormats(new NumberingFormat { NumberFormatId = DateFormatId, FormatCode = "dd.mm.yyyy" }) { Count = 1 },
        new Fonts(new Font(new FontSize { Val = 11 }, new FontName { Val = "Calibri" }),
            new Font(new Bold(), new FontSize { Val = 11 }, new FontName { Val = "Calibri" })) { Count = 2 },
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 }),
            new Fill(new PatternFill(new ForegroundColor { Rgb = "FFD9E1F2" }) { PatternType = PatternValues.Solid })) { Count = 3 },
        new Borders(new Border(), new Border(new TopBorder { Style = BorderStyleValues.Thin }, new BottomBorder { Style = BorderStyleValues.Double })) { Count = 2 },
        new CellStyleFormats(new CellFormat()) { Count = 1 },
        new CellFormats(
            new CellFormat(),
            new CellFormat(new Alignment { WrapText = true, Vertical = VerticalAlignmentValues.Top }) { FontId = 1, FillId = 2, ApplyFont = true, ApplyFill = true, ApplyAlignment = true },
            new CellFormat { NumberFormatId = DateFormatId, ApplyNumberFormat = true },
            new CellFormat { FontId = 1, BorderId = 1, ApplyFont = true, ApplyBorder = true },
            new CellFormat(new Alignment { WrapText = true, Vertical = VerticalAlignmentValues.Top }) { ApplyAlignment = true }) { Count = 5 });

    private static Cell Cell(object? value) => value switch
    {
        int n => new Cell { DataType = CellValues.Number, CellValue = new CellValue(n) },
        DateOnly d => new Cell { StyleIndex = Style.Date, CellValue = new CellValue(d.ToDateTime(TimeOnly.MinValue).ToOADate()) },
        null => new Cell(),
        _ => TextCell((string)value, Style.Wrapped),
    };

    private static Cell TextCell(string text, uint style) => new()
    {
        DataType = CellValues.InlineString,
        StyleIndex = style,
        InlineString = new InlineString(new Text(text) { Space = SpaceProcessingModeValues.Preserve }),
    };

    private static string ColumnName(int index) => index < 26 ? ((char)('A' + index)).ToString() : ColumnName((index / 26) - 1) + (char)('A' + (index % 26));

    private static string Text(object? value) => value switch
    {
        int n => n.ToString(CultureInfo.InvariantCulture),
        DateOnly d => StatusTexts.Date(d),
        null => "",
        _ => (string)value,
    };

    // CSV injection (CWE-1236): a spreadsheet runs a cell that begins with one of these as a
    // formula. Names, risks and reasons are user text, so such a cell gets a leading apostrophe,
    // as OWASP recommends; Excel shows the text, not a formula. Numbers are ours and left alone.
    private static readonly char[] FormulaStarts = ['=', '+', '-', '@', '\t', '\r'];

    internal static string CsvCell(object? value) => Quote(value is string text ? Neutralise(text) : Text(value));

    private static string Neutralise(string value) => value.Length > 0 && FormulaStarts.Contains(value[0]) ? "'" + value : value;

    private static string Quote(string value) =>
        value.IndexOfAny([';', '"', '\r', '\n']) >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
}
