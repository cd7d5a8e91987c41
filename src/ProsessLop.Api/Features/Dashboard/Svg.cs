using System.Globalization;
using System.Net;
using System.Text;

namespace ProsessLop.Api.Features.Dashboard;

/// Small charts drawn on the server as inline SVG: no scripts, no fonts to fetch. Each chart has
/// a title and a description for screen readers (role="img", aria-labelledby), and the page
/// shows the same numbers as text beside it.
public static class Svg
{
    /// A coordinate: invariant, at most one decimal.
    public static string F(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);

    /// Text and attribute values, escaped for XML as well as HTML.
    public static string E(string s) => WebUtility.HtmlEncode(s);

    // Drawn at its own size, never scaled down (labels stay 12 px): in a box that scrolls
    // sideways on a narrow screen, focusable so a keyboard can scroll it.
    private static void Open(StringBuilder svg, string id, string title, string description, int width, int height)
    {
        svg.Append(ScrollBox(id));
        Start(svg, id, title, description, width, height);
    }

    /// The box a drawing scrolls in sideways on a narrow screen (close it with &lt;/div&gt;).
    public static string ScrollBox(string id) =>
        $"""<div class="chart-scroll" role="group" tabindex="0" aria-labelledby="{id}-t">""";

    /// The opening svg element with its title and description (role="img", aria-labelledby).
    public static void Start(StringBuilder svg, string id, string title, string description, int width, int height)
    {
        svg.Append(CultureInfo.InvariantCulture, $"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-labelledby="{id}-t {id}-d">""");
        svg.Append(CultureInfo.InvariantCulture, $"""<title id="{id}-t">{E(title)}</title><desc id="{id}-d">{E(description)}</desc>""");
    }

    public static string Bars(string id, string title, string description, IReadOnlyList<(string Label, int Value)> bars, string colour = "#00456e")
    {
        const int width = 480, barHeight = 22, gap = 8, labelWidth = 230, pad = 8;
        var height = pad * 2 + bars.Count * (barHeight + gap);
        var max = Math.Max(1, bars.Count == 0 ? 1 : bars.Max(b => b.Value));
        var svg = new StringBuilder();
        Open(svg, id, title, description, width, height);
        for (var i = 0; i < bars.Count; i++)
        {
            var y = pad + i * (barHeight + gap);
            var w = (width - labelWidth - 50) * bars[i].Value / (double)max;
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="0" y="{y + 15}">{E(bars[i].Label)}</text>""");
            svg.Append(CultureInfo.InvariantCulture, $"""<rect x="{labelWidth}" y="{y}" width="{F(w)}" height="{barHeight}" fill="{colour}"/>""");
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{F(labelWidth + w + 6)}" y="{y + 15}">{bars[i].Value}</text>""");
        }

        return svg.Append("</svg></div>").ToString();
    }

    /// Two series per label (e.g. reports due vs submitted), side by side.
    public static string PairedBars(string id, string title, string description, IReadOnlyList<(string Label, int A, int B)> groups, string aName, string bName)
    {
        const int height = 220, top = 28, bottom = 36, left = 30, width = 480;
        var max = Math.Max(1, groups.Count == 0 ? 1 : groups.Max(g => Math.Max(g.A, g.B)));
        var slot = (width - left) / (double)Math.Max(1, groups.Count);
        var bar = Math.Max(2, slot / 2 - 3);
        var plot = height - top - bottom;
        var svg = new StringBuilder();
        Open(svg, id, title, description, width, height);
        svg.Append(CultureInfo.InvariantCulture, $"""<rect x="{left}" y="4" width="12" height="12" fill="#9aa5b1"/><text x="{left + 16}" y="15">{E(aName)}</text>""");
        svg.Append(CultureInfo.InvariantCulture, $"""<rect x="{left + 130}" y="4" width="12" height="12" fill="#00456e"/><text x="{left + 146}" y="15">{E(bName)}</text>""");
        for (var i = 0; i < groups.Count; i++)
        {
            var x = left + i * slot;
            var ha = plot * groups[i].A / (double)max;
            var hb = plot * groups[i].B / (double)max;
            svg.Append(CultureInfo.InvariantCulture, $"""<rect x="{F(x + 1)}" y="{F(top + plot - ha)}" width="{F(bar)}" height="{F(ha)}" fill="#9aa5b1"/>""");
            svg.Append(CultureInfo.InvariantCulture, $"""<rect x="{F(x + 1 + bar)}" y="{F(top + plot - hb)}" width="{F(bar)}" height="{F(hb)}" fill="#00456e"/>""");
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{F(x + 1)}" y="{height - bottom + 16}">{E(groups[i].Label)}</text>""");
        }

        svg.Append(CultureInfo.InvariantCulture, $"""<line x1="{left}" y1="{top + plot}" x2="{width}" y2="{top + plot}" stroke="#4a4a4a"/>""");
        return svg.Append("</svg></div>").ToString();
    }

    /// A line of percentages (0–100) over points in time.
    public static string Line(string id, string title, string description, IReadOnlyList<(string Label, double Percent)> points)
    {
        const int width = 480, height = 200, left = 40, right = 20, top = 16, bottom = 36;
        var plot = height - top - bottom;
        var step = points.Count > 1 ? (width - left - right) / (double)(points.Count - 1) : 0;
        var svg = new StringBuilder();
        Open(svg, id, title, description, width, height);
        foreach (var p in new[] { 0, 50, 100 })
        {
            var y = top + plot - plot * p / 100.0;
            svg.Append(CultureInfo.InvariantCulture, $"""<line x1="{left}" y1="{F(y)}" x2="{width - right}" y2="{F(y)}" stroke="#d0d0d0"/><text x="0" y="{F(y + 4)}">{p} %</text>""");
        }

        var coords = points.Select((p, i) => (X: left + i * step, Y: top + plot - plot * p.Percent / 100.0)).ToList();
        if (coords.Count > 1)
        {
            svg.Append(CultureInfo.InvariantCulture, $"""<polyline fill="none" stroke="#0b6b2f" stroke-width="2.5" points="{string.Join(' ', coords.Select(c => $"{F(c.X)},{F(c.Y)}"))}"/>""");
        }

        for (var i = 0; i < coords.Count; i++)
        {
            svg.Append(CultureInfo.InvariantCulture, $"""<circle cx="{F(coords[i].X)}" cy="{F(coords[i].Y)}" r="4" fill="#0b6b2f"/>""");
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{F(coords[i].X - 14)}" y="{height - bottom + 18}">{E(points[i].Label)}</text>""");
        }

        return svg.Append("</svg></div>").ToString();
    }

    // Where each county's tile sits (column, row): a rough map of Norway, north at the top.
    private static readonly Dictionary<string, (int Col, int Row)> CountyTiles = new()
    {
        ["55"] = (2, 0), ["56"] = (3, 0), ["18"] = (2, 1), ["50"] = (1, 2), ["15"] = (0, 3), ["34"] = (1, 3),
        ["46"] = (0, 4), ["33"] = (1, 4), ["03"] = (2, 4), ["32"] = (3, 4),
        ["11"] = (0, 5), ["40"] = (1, 5), ["39"] = (2, 5), ["31"] = (3, 5), ["42"] = (1, 6),
    };

    /// The counties as tiles on a rough map, each with its number of participants; the page lists
    /// the same participants by county as text below it.
    public static string CountyGrid(string id, string title, string description, IReadOnlyList<(string Number, string Name, int Count)> counties)
    {
        const int tileWidth = 150, tileHeight = 56, gap = 6;
        var width = 4 * (tileWidth + gap);
        var height = 7 * (tileHeight + gap);
        var svg = new StringBuilder();
        Open(svg, id, title, description, width, height);
        foreach (var (number, name, count) in counties)
        {
            if (!CountyTiles.TryGetValue(number, out var tile))
            {
                continue;
            }

            var x = tile.Col * (tileWidth + gap);
            var y = tile.Row * (tileHeight + gap);
            // Dark tiles carry white text, light ones dark text: both above 4.5:1.
            var (fill, text) = count > 0 ? ("#00456e", "on-dark") : ("#eeeeee", "on-light");
            svg.Append(CultureInfo.InvariantCulture, $"""<rect x="{x}" y="{y}" width="{tileWidth}" height="{tileHeight}" rx="4" fill="{fill}" stroke="#4a4a4a"/>""");
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{x + 8}" y="{y + 22}" class="{text}">{E(name)}</text>""");
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{x + 8}" y="{y + 42}" class="{text}">{E(Workflow.Engine.Vocabulary.Format(count == 1 ? DashboardTexts.Chart_ParticipantOne : DashboardTexts.Chart_ParticipantMany, count))}</text>""");
        }

        return svg.Append("</svg></div>").ToString();
    }
}
