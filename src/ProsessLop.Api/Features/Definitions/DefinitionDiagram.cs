using System.Globalization;
using System.Text;
using ProsessLop.Api.Features.Dashboard;
using ProsessLop.Workflow.Definitions;

namespace ProsessLop.Api.Features.Definitions;

/// A definition drawn as SVG on the server: the stages top to bottom, each with its tasks and
/// reports, then its gate (what it waits for), arrows between them. A pure function of the
/// definition, so it draws half-written drafts too: what is missing is drawn as missing
/// («uten navn»), never left out silently. One column 360 px wide with wrapped text, so it reads
/// at phone width; the page shows the same content as a list for screen readers.
public static class DefinitionDiagram
{
    public const int Width = 360;

    // Text on white or #eef3f7 is #1a1a1a (over 15:1); on the stage heading #00456e it is white
    // (9.6:1). Kinds differ by shape and by a word, never by colour alone.
    private const string Ink = "#1a1a1a", Heading = "#00456e", Panel = "#eef3f7", Line = "#4a4a4a";
    private const int Pad = 12, LineHeight = 17, CharsPerLine = 44, Arrow = 28;

    public static string Render(ProgrammeDefinition definition, string id = "diagram")
    {
        var body = new StringBuilder();
        var y = 8;
        y = Terminal(body, y, F(StudioTexts.Drawing_Start, Named(definition.Name, StudioTexts.Drawing_TheProgramme), definition.Version));
        if (definition.Stages.Count == 0)
        {
            y = Down(body, y, id, null);
            y = Box(body, y, "#ffffff", Ink, [StudioTexts.Drawing_NoStages], dashed: true);
        }

        for (var i = 0; i < definition.Stages.Count; i++)
        {
            var stage = definition.Stages[i];
            y = Down(body, y, id, i == 0 ? null : StudioTexts.Drawing_Passed);
            y = Stage(body, y, i, stage);
            y = Down(body, y, id, null);
            y = Gate(body, y, stage);
        }

        y = Down(body, y, id, definition.Stages.Count == 0 ? null : StudioTexts.Drawing_Passed);
        y = Terminal(body, y, StudioTexts.Drawing_Finished);

        var svg = new StringBuilder();
        Svg.Start(svg, id, F(StudioTexts.Drawing_Title, Named(definition.Name, StudioTexts.Drawing_ProgrammeLower)), Description(definition), Width, y + 8);
        svg.Append(CultureInfo.InvariantCulture,
            $"""<defs><marker id="{id}-pil" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="{Line}"/></marker></defs>""");
        svg.Append(CultureInfo.InvariantCulture, $"""<g font-family="system-ui, sans-serif" font-size="13" fill="{Ink}">""");
        svg.Append(body);
        return svg.Append("</g></svg>").ToString();
    }

    /// What the drawing shows, in one sentence for its desc.
    public static string Description(ProgrammeDefinition definition)
    {
        var stages = definition.Stages.Select((s, i) =>
            F(StudioTexts.Drawing_StagePart, i + 1, Named(s.Name, StudioTexts.Preview_Unnamed), s.Tasks.Count, s.Reports.Count));
        return definition.Stages.Count == 0
            ? StudioTexts.Drawing_NoStagesDescription
            : F(StudioTexts.Drawing_Description, definition.Stages.Count, string.Join("; ", stages));
    }

    /// What a gate waits for, in words (shared by the drawing and the text list).
    public static IReadOnlyList<string> GateConditions(StageDefinition stage)
    {
        var tasks = stage.Tasks.ToDictionary(t => t.Key, t => t.Name, StringComparer.Ordinal);
        var reports = stage.Reports.ToDictionary(r => r.Key, r => r.Name, StringComparer.Ordinal);
        var conditions = new List<string>();
        conditions.AddRange(stage.Gate.RequiredTasks.Select(key =>
            F(StudioTexts.Drawing_TaskDone, tasks.TryGetValue(key, out var name) ? Named(name, key) : F(StudioTexts.Drawing_NotInStage, key))));
        conditions.AddRange(stage.Gate.ApprovedReports.Select(key =>
            F(StudioTexts.Drawing_ReportApproved, reports.TryGetValue(key, out var name) ? Named(name, key) : F(StudioTexts.Drawing_NotInStage, key))));
        if (stage.Gate.OwnerDecision)
        {
            conditions.Add(StudioTexts.Drawing_OwnerDecided);
        }

        return conditions;
    }

    // The drawing's words are the reader's (the studio's texts), filled in their culture.
    private static string F(string format, params object?[] args) => string.Format(CultureInfo.CurrentCulture, format, args);

    public static string Named(string? name, string fallback) => string.IsNullOrWhiteSpace(name) ? $"({fallback})" : name;

    private static int Stage(StringBuilder svg, int y, int index, StageDefinition stage)
    {
        var heading = Wrap(F(StudioTexts.Diagram_StageHeading, index + 1, Named(stage.Name, StudioTexts.Preview_Unnamed)), CharsPerLine - 4);
        var top = y;
        var headingHeight = heading.Count * LineHeight + 10 + LineHeight;
        var rows = new List<(string Kind, List<string> Lines)>();
        foreach (var task in stage.Tasks)
        {
            rows.Add(("task", Wrap(F(StudioTexts.Drawing_Task, Named(task.Name, StudioTexts.Preview_Unnamed), task.Required ? StudioTexts.Diagram_Required : ""), CharsPerLine - 4)));
        }

        foreach (var report in stage.Reports)
        {
            var how = report.Recurrence is null ? "" : StudioTexts.Drawing_Recurs;
            rows.Add(("report", Wrap(F(StudioTexts.Drawing_Report, Named(report.Name, StudioTexts.Preview_Unnamed), how), CharsPerLine - 4)));
        }

        if (rows.Count == 0)
        {
            rows.Add(("none", [StudioTexts.Diagram_NothingYet]));
        }

        var rowsHeight = rows.Sum(r => r.Lines.Count * LineHeight + 6) + 8;
        var height = headingHeight + rowsHeight;
        svg.Append(CultureInfo.InvariantCulture, $"""<rect x="{Pad}" y="{top}" width="{Width - 2 * Pad}" height="{height}" rx="6" fill="{Panel}" stroke="{Heading}" stroke-width="1.5"/>""");
        svg.Append(CultureInfo.InvariantCulture, $"""<rect x="{Pad}" y="{top}" width="{Width - 2 * Pad}" height="{headingHeight}" rx="6" fill="{Heading}"/>""");
        var line = top + 6;
        foreach (var text in heading)
        {
            line += LineHeight;
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{Pad + 10}" y="{line - 4}" fill="#ffffff" font-weight="bold">{Svg.E(text)}</text>""");
        }

        line += LineHeight;
        svg.Append(CultureInfo.InvariantCulture, $"""<text x="{Pad + 10}" y="{line - 4}" fill="#ffffff">{Svg.E(F(StudioTexts.Drawing_Weeks, stage.StartWeek, stage.EndWeek))}</text>""");
        line = top + headingHeight + 4;
        foreach (var (kind, lines) in rows)
        {
            // A task is a square, a report a page with a folded corner: shapes, not colours.
            var mark = line + 5;
            svg.Append(kind switch
            {
                "task" => $"""<rect x="{Pad + 10}" y="{mark}" width="9" height="9" fill="none" stroke="{Ink}" stroke-width="1.5"/>""",
                "report" => $"""<path d="M{Pad + 10},{mark - 1} h7 l3,3 v9 h-10 z" fill="none" stroke="{Ink}" stroke-width="1.5"/>""",
                _ => "",
            });
            foreach (var text in lines)
            {
                line += LineHeight;
                svg.Append(CultureInfo.InvariantCulture, $"""<text x="{Pad + 26}" y="{line - 4}">{Svg.E(text)}</text>""");
            }

            line += 6;
        }

        return top + height;
    }

    // The gate: a six-sided box (a decision), saying what it waits for.
    private static int Gate(StringBuilder svg, int y, StageDefinition stage)
    {
        var conditions = GateConditions(stage);
        var lines = new List<string> { StudioTexts.Drawing_GateWaits };
        lines.AddRange(conditions.Count == 0 ? [StudioTexts.Drawing_NoConditions] : conditions.SelectMany(c => Wrap("• " + c, CharsPerLine - 6)));
        var height = lines.Count * LineHeight + 12;
        const int left = Pad + 12, right = Width - Pad - 12, tip = 12;
        svg.Append(CultureInfo.InvariantCulture,
            $"""<polygon points="{left},{y + height / 2} {left + tip},{y} {right - tip},{y} {right},{y + height / 2} {right - tip},{y + height} {left + tip},{y + height}" fill="#ffffff" stroke="{Ink}" stroke-width="1.5"/>""");
        var line = y + 6;
        foreach (var (text, i) in lines.Select((t, i) => (t, i)))
        {
            line += LineHeight;
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{left + tip + 4}" y="{line - 4}"{(i == 0 ? " font-weight=\"bold\"" : "")}>{Svg.E(text)}</text>""");
        }

        return y + height;
    }

    private static int Terminal(StringBuilder svg, int y, string text)
    {
        var lines = Wrap(text, CharsPerLine - 4);
        var height = lines.Count * LineHeight + 12;
        svg.Append(CultureInfo.InvariantCulture, $"""<rect x="{Pad + 30}" y="{y}" width="{Width - 2 * Pad - 60}" height="{height}" rx="{height / 2}" fill="#ffffff" stroke="{Ink}" stroke-width="1.5"/>""");
        var line = y + 6;
        foreach (var t in lines)
        {
            line += LineHeight;
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{Width / 2}" y="{line - 4}" text-anchor="middle">{Svg.E(t)}</text>""");
        }

        return y + height;
    }

    private static int Box(StringBuilder svg, int y, string fill, string ink, IReadOnlyList<string> text, bool dashed)
    {
        var height = text.Count * LineHeight + 12;
        svg.Append(CultureInfo.InvariantCulture, $"""<rect x="{Pad}" y="{y}" width="{Width - 2 * Pad}" height="{height}" fill="{fill}" stroke="{ink}"{(dashed ? " stroke-dasharray=\"4 3\"" : "")}/>""");
        var line = y + 6;
        foreach (var t in text)
        {
            line += LineHeight;
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{Pad + 10}" y="{line - 4}" fill="{ink}">{Svg.E(t)}</text>""");
        }

        return y + height;
    }

    private static int Down(StringBuilder svg, int y, string id, string? label)
    {
        var x = Width / 2;
        svg.Append(CultureInfo.InvariantCulture, $"""<line x1="{x}" y1="{y}" x2="{x}" y2="{y + Arrow - 2}" stroke="{Line}" stroke-width="1.5" marker-end="url(#{id}-pil)"/>""");
        if (label is not null)
        {
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{x + 8}" y="{y + Arrow / 2 + 4}">{Svg.E(label)}</text>""");
        }

        return y + Arrow;
    }

    // Words kept whole; a word longer than a line is cut.
    internal static List<string> Wrap(string text, int width)
    {
        var lines = new List<string>();
        var current = new StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var rest = word;
            while (rest.Length > width)
            {
                if (current.Length > 0)
                {
                    lines.Add(current.ToString());
                    current.Clear();
                }

                lines.Add(rest[..width]);
                rest = rest[width..];
            }

            if (current.Length > 0 && current.Length + 1 + rest.Length > width)
            {
                lines.Add(current.ToString());
                current.Clear();
            }

            current.Append(current.Length > 0 ? " " : "").Append(rest);
        }

        if (current.Length > 0 || lines.Count == 0)
        {
            lines.Add(current.ToString());
        }

        return lines;
    }
}
