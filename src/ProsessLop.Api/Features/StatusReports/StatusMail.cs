using System.Globalization;
using System.Net;
using System.Text;
using ProsessLop.Api.Features.Notifications;
using ProsessLop.Api.Infrastructure.Language;
using ProsessLop.Api.Pages;
using ProsessLop.Workflow.Engine;

namespace ProsessLop.Api.Features.StatusReports;

/// The compiled status as an e-mail to KS and Kulturskolerådet: a table with status as text
/// (not only colour, WCAG), the totals, and a link to the full snapshot. Written in the
/// recipients' standard (`reader`), never the compiling owner's.
public static class StatusMail
{
    public static EmailMessage Build(StatusSnapshot snapshot, IReadOnlyList<string> to, string baseUrl, CultureInfo reader)
    {
        using var inReader = WrittenStandards.Use(reader);
        var c = snapshot.Content;
        var link = PageLinks.StatusReport(baseUrl, snapshot.Id);
        var subject = Vocabulary.Format(StatusReportTexts.Mail_Subject, c.DefinitionName, StatusTexts.Date(c.Today));
        var t = c.Totals;
        var totals = t.Figures()
            .Where(f => !f.Key.StartsWith("health:", StringComparison.Ordinal) || f.Value > 0)
            .Select(f => (f.Label, Value: Number(f.Value))).ToList();

        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"<h1>{E(subject)}</h1><p>{E(Vocabulary.Format(StatusReportTexts.Mail_Compiled, StatusTexts.Date(c.Today), c.DefinitionName))}</p>");
        html.Append(CultureInfo.InvariantCulture, $"<h2>{E(StatusReportTexts.Mail_Totals)}</h2><table><tbody>");
        foreach (var (label, value) in totals)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><th scope=\"row\">{E(label)}</th><td>{E(value)}</td></tr>");
        }

        html.Append(CultureInfo.InvariantCulture, $"</tbody></table><h2>{E(StatusReportTexts.Mail_Participants)}</h2><table><thead><tr>");
        foreach (var header in new[] { StatusReportTexts.Mail_ColParticipant, StatusReportTexts.Mail_ColStage, StatusReportTexts.Mail_ColStatus, StatusReportTexts.Mail_ColNextDeadline }
            .Concat(StatusFigures.Columns.Select(f => f.Label)))
        {
            html.Append(CultureInfo.InvariantCulture, $"<th scope=\"col\">{E(header)}</th>");
        }

        html.Append("</tr></thead><tbody>");
        foreach (var p in c.Programmes)
        {
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td>{E(p.ParticipantName)}</td><td>{E(p.StageName)}</td><td>{E(StatusText(p))}</td><td>{E(StatusTexts.Date(p.NextDeadline))}</td>{string.Concat(StatusFigures.Columns.Select(f => $"<td>{f.PerProgramme(p)}</td>"))}</tr>");
        }

        html.Append(CultureInfo.InvariantCulture, $"</tbody></table><p><a href=\"{E(link)}\">{E(StatusReportTexts.Mail_SeeAll)}</a></p>");

        var text = new StringBuilder();
        text.AppendLine(subject).AppendLine();
        foreach (var (label, value) in totals)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{label}: {value}");
        }

        text.AppendLine();
        foreach (var p in c.Programmes)
        {
            text.AppendLine(Vocabulary.Format(StatusReportTexts.Mail_Line, p.ParticipantName, p.StageName, StatusText(p), StatusTexts.Date(p.NextDeadline),
                string.Join(", ", StatusFigures.Columns.Select(f => $"{f.Label.ToLowerInvariant()} {f.PerProgramme(p)}"))));
        }

        text.AppendLine().AppendLine(Vocabulary.Format(StatusReportTexts.Mail_WholeReport, link)).AppendLine().Append(EmailMessage.SentAutomaticallyIn(reader));
        return new EmailMessage(to, subject, EmailMessage.Document(subject, html.ToString(), reader), text.ToString());
    }

    public static string StatusText(ParticipantStatus p) =>
        p.Withdrawn ? $"{StatusTexts.Health(p.Health)} {StatusTexts.Date(p.WithdrawnOn)}".TrimEnd() : StatusTexts.Health(p.Health);

    private static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string E(string s) => WebUtility.HtmlEncode(s);
}
