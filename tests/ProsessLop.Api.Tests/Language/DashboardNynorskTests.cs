using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using netDumbster.smtp;
using ProsessLop.Api.Features.Notifications;
using ProsessLop.Api.Infrastructure;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Infrastructure.Language;
using ProsessLop.Api.Tests.Infrastructure;
using ProsessLop.Api.Tests.Reminders;
using ProsessLop.Api.Tests.StatusReports;

namespace ProsessLop.Api.Tests.Language;

/// The pages (development sign-in), the organisations' status mail addresses, and a real SMTP
/// server on loopback.
public sealed class DashboardLanguageApp : ProsessApp
{
    public int SmtpPort { get; } = SmtpApp.FreePort();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Auth:DevelopmentSignIn", "true");
        builder.UseSetting("Email:SmtpHost", "127.0.0.1");
        builder.UseSetting("Email:SmtpPort", SmtpPort.ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Email:UseStartTls", "false");
        builder.UseSetting("Email:BaseUrl", StatusReportApp.BaseUrl);
        builder.UseSetting("Email:Organisations:KS:0", "post@ks.test");
        builder.UseSetting("Email:Organisations:Norsk kulturskoleråd:0", "post@kulturskoleradet.test");
        builder.UseSetting("Email:Organisations:Norsk kulturskoleråd:1", "leder@kulturskoleradet.test");
    }
}

/// Issue 16 for the owners' and steering group's pages: /oversikt, /deltaker, /til-vurdering,
/// /statusrapporter and /statusrapport read in nynorsk after the owner's one click on «Les på
/// nynorsk» (the header's form, posted with its antiforgery token), and in bokmål again after
/// «Les på bokmål»; the downloads follow the reader. No resource key shows instead of a text.
public sealed class DashboardNynorskTests(DashboardLanguageApp app) : IClassFixture<DashboardLanguageApp>
{
    private const string Definition = "fremtidens-kulturskole";

    [Fact]
    public async Task The_owner_s_pages_and_downloads_read_nynorsk_after_one_click_and_bokmal_after_the_other()
    {
        var scenario = await StatusScenario.ArrangeAsync(app);
        var owner = app.ClientAs(Roles.Owner);
        await StatusScenario.AssertOk(owner.PostAsync($"/api/status-reports/{Definition}", null));
        // Something to compare: a participant withdraws between the two compilations.
        await StatusScenario.WithdrawAsync(app, scenario.ToWithdraw);
        var second = await owner.PostAsync($"/api/status-reports/{Definition}", null);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        var report = second.Headers.Location!.OriginalString.Replace("/api/status-reports/", "/statusrapport/", StringComparison.Ordinal);

        var pages = await app.SignedInToPagesAsync();
        await ChooseAsync(pages, "nn");

        var overview = await PageAsync(pages, "/oversikt");
        AssertReads(overview, "nn",
            nynorsk: ["Filtrer oversikta", "Alle fylke", "Deltakarar (4 av 4)", "I bilete", "Deltakarar per fase", "Forfalne oppgåver", "Forseinka rapportar",
                "Siste samanstilling:", "Rapportar per månad", "Alle statusrapportar", "Del i rute per statussamanstilling"],
            bokmal: ["Filtrer oversikten", "Alle fylker", "Deltakere (", "I bilder", "Deltakere per fase", "Forfalte oppgaver", "Forsinkede rapporter",
                "Siste sammenstilling", "Rapporter per måned", "Alle statusrapporter", "Andel i rute"]);
        // The live status is computed for this reader: the late programme's reasons in nynorsk.
        Assert.Contains("Forseinka", overview, StringComparison.Ordinal);

        var participant = await PageAsync(pages, $"/deltaker/{scenario.Late}");
        AssertReads(participant, "nn",
            nynorsk: ["Kvifor denne statusen", "Ope no", "Fasar", "Avgjerdspunkt", "Oppgåver i ", "Ansvarleg", "Risikomatrise: talet på opne risikoar",
                "sannsyn 5, konsekvens 5 (skår 25)", "Erfaringar", "Ingen erfaringar er registrerte enno.", "Gjeld", "Programmet starta", "hadde frist", "er ikkje fullført."],
            bokmal: ["Hvorfor denne statusen", "Åpent nå", "Faser", "Beslutningspunkt", "Oppgaver i ", "Ansvarlig", "antall åpne risikoer",
                "sannsynlighet", "Erfaringer", "Gjelder", "Programmet startet", "er ikke fullført"]);

        var review = await PageAsync(pages, "/til-vurdering");
        AssertReads(review, "nn",
            nynorsk: ["Rapportar til vurdering", "1 rapport ventar på vurdering.", "Innsendingar", "Kommentar til deltakaren (må fyllast ut for å sende tilbake)", " frå "],
            bokmal: ["Rapporter til vurdering", "venter på vurdering", "Innsendinger", "deltakeren", "må fylles ut", " fra "]);

        var list = await PageAsync(pages, "/statusrapporter");
        AssertReads(list, "nn",
            nynorsk: ["Statusrapportar", "Samanstillingar av status for alle deltakarane, slik dei vart sende til KS og Kulturskolerådet.", "Laga av", "Lag ny samanstilling no"],
            bokmal: ["Statusrapporter", "Sammenstillinger", "Laget av", "Lag ny sammenstilling nå"]);

        var snapshot = await PageAsync(pages, report);
        // The snapshot's names come from the definition in the reader's standard (stored: bokmål).
        Assert.Contains("Statusrapport for Framtidas kulturskule, ", snapshot, StringComparison.Ordinal);
        AssertReads(snapshot, "nn",
            nynorsk: ["Laga av", "Last ned som", "Status per deltakar (4)", "Forfalne oppgåver", "Endringar sidan førre samanstilling",
                "Samanlikna med samanstillinga", "har trekt seg frå programmet", "Endra totalar", "<th scope=\"col\">Tal</th>", "Trekt frå programmet"],
            bokmal: ["Laget av", "Status per deltaker", "Forfalte oppgaver", "Endringer siden", "Sammenlignet med", "har trukket seg fra", "Endrede totaler",
                "Trukket fra programmet"]);
        // The reasons were kept in both standards when the snapshot was compiled: the nynorsk ones
        // for this reader, nothing marked as another language.
        Assert.Matches("<div>\\s*<ul class=\"reasons\">\\s*<li>Trekt frå programmet ", WebUtility.HtmlDecode(snapshot));
        Assert.Contains("<li>Oppgåva «", WebUtility.HtmlDecode(snapshot), StringComparison.Ordinal);
        Assert.Contains(" og er ikkje fullført.</li>", WebUtility.HtmlDecode(snapshot), StringComparison.Ordinal);
        Assert.DoesNotContain("<div lang=\"nb\">", snapshot, StringComparison.Ordinal);

        var csv = await DownloadAsync(pages, report + "/csv");
        AssertReasons(csv, nynorsk: true);
        AssertReasons(await XlsxTextAsync(pages, report + "/xlsx"), nynorsk: true);
        Assert.StartsWith("Deltakar;Kommunenummer/region;Versjon;Programstatus;Fase;Status;Årsaker;Neste frist;Forfalne oppgåver;Forfalne oppgåver (namn);Forseinka rapportar;", csv, StringComparison.Ordinal);
        Assert.Contains("Rapportar med frist (namn);Rapportar til vurdering;Opne avvik;Største risikoar;Nye erfaringar\r\n", csv, StringComparison.Ordinal);
        Assert.Contains(";Forseinka;", csv, StringComparison.Ordinal); // the health as text, in the reader's standard
        var headers = await XlsxHeadersAsync(pages, report + "/xlsx");
        Assert.Equal("Deltakar", headers[0]);
        Assert.Contains("Forseinka rapportar (namn)", headers);
        Assert.DoesNotContain(headers, h => TextResourceTests.BokmalIn(h).Any());

        // The other click: bokmål again, the texts as they were.
        await ChooseAsync(pages, "nb");
        AssertReads(await PageAsync(pages, "/oversikt"), "nb",
            nynorsk: ["Filtrer oversikta", "Deltakarar", "I bilete", "Forfalne oppgåver"],
            bokmal: ["Filtrer oversikten", "Deltakere (4 av 4)", "I bilder", "Deltakere per fase", "Forfalte oppgaver", "Siste sammenstilling:"]);
        AssertReads(await PageAsync(pages, $"/deltaker/{scenario.Late}"), "nb",
            nynorsk: ["Kvifor denne statusen", "Avgjerdspunkt", "Oppgåver i ", "Oppgåva", "ikkje"],
            bokmal: ["Hvorfor denne statusen", "Åpent nå", "Beslutningspunkt", "Oppgaver i ", "Ansvarlig", "Programmet startet", "er ikke fullført."]);
        AssertReads(await PageAsync(pages, "/til-vurdering"), "nb",
            nynorsk: ["Rapportar til vurdering", "ventar"],
            bokmal: ["Rapporter til vurdering", "1 rapport venter på vurdering.", "Kommentar til deltakeren (må fylles ut for å sende tilbake)"]);
        AssertReads(await PageAsync(pages, "/statusrapporter"), "nb",
            nynorsk: ["Statusrapportar", "Laga av"],
            bokmal: ["Statusrapporter", "Laget av", "Lag ny sammenstilling nå"]);
        var bokmalSnapshot = await PageAsync(pages, report);
        AssertReads(bokmalSnapshot, "nb",
            nynorsk: ["Endringar sidan", "trekt seg frå"],
            bokmal: ["Endringer siden forrige sammenstilling", "Sammenlignet med sammenstillingen", "har trukket seg fra programmet", "Status per deltaker (4)"]);
        Assert.DoesNotContain("<div lang=\"nb\">", bokmalSnapshot, StringComparison.Ordinal);
        Assert.Contains("Statusrapport for Fremtidens kulturskole, ", bokmalSnapshot, StringComparison.Ordinal);
        Assert.Matches("<div>\\s*<ul class=\"reasons\">\\s*<li>Trukket fra programmet ", WebUtility.HtmlDecode(bokmalSnapshot));
        var bokmalCsv = await DownloadAsync(pages, report + "/csv");
        Assert.StartsWith("Deltaker;Kommunenummer/region;Versjon;Programstatus;Fase;Status;Årsaker;Neste frist;Forfalte oppgaver;", bokmalCsv, StringComparison.Ordinal);
        AssertReasons(bokmalCsv, nynorsk: false);
        Assert.Equal("Deltaker", (await XlsxHeadersAsync(pages, report + "/xlsx"))[0]);
        AssertReasons(await XlsxTextAsync(pages, report + "/xlsx"), nynorsk: false);

        // A snapshot compiled before the reasons were kept in nynorsk has the bokmål ones only: a
        // nynorsk reader still reads them, marked as bokmål on the page (WCAG 3.1.2).
        var id = Guid.Parse(report.Split('/')[^1]);
        await app.WithDbAsync(db => db.Database.ExecuteSqlInterpolatedAsync($$"""
            UPDATE status_snapshots SET content = jsonb_set(content, '{programmes}',
                (SELECT jsonb_agg(p - 'nynorskReasons') FROM jsonb_array_elements(content->'programmes') p))
            WHERE id = {{id}}
            """));
        await ChooseAsync(pages, "nn");
        var oldSnapshot = await PageAsync(pages, report);
        AssertReads(oldSnapshot, "nn", nynorsk: ["Status per deltakar (4)", "Trekt frå programmet"], bokmal: ["Status per deltaker", "Trukket fra programmet"]);
        Assert.Matches("<div lang=\"nb\">\\s*<ul class=\"reasons\">\\s*<li>Trukket fra programmet ", WebUtility.HtmlDecode(oldSnapshot));
        Assert.DoesNotContain("<li>Trekt frå programmet ", WebUtility.HtmlDecode(oldSnapshot), StringComparison.Ordinal);
        AssertReasons(await DownloadAsync(pages, report + "/csv"), nynorsk: false);
    }

    /// The column «Årsaker» of a download: the withdrawn and the late programme's reasons, in one
    /// standard only.
    private static void AssertReasons(string file, bool nynorsk)
    {
        string[] nn = ["Trekt frå programmet ", "Oppgåva «", " og er ikkje fullført."];
        string[] nb = ["Trukket fra programmet ", "Oppgaven «", " og er ikke fullført."];
        Assert.All(nynorsk ? nn : nb, phrase => Assert.Contains(phrase, file, StringComparison.Ordinal));
        Assert.All(nynorsk ? nb : nn, phrase => Assert.DoesNotContain(phrase, file, StringComparison.Ordinal));
    }

    /// The header's switch, as a click sends it: a form post with the page's antiforgery token.
    private static async Task ChooseAsync(HttpClient pages, string standard)
    {
        var token = await PageClients.AntiforgeryTokenAsync(pages, "/oversikt");
        var chosen = await pages.PostAsync("/malform", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["standard"] = standard, ["back"] = "/oversikt", ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.OK, chosen.StatusCode);
    }

    private static async Task<string> PageAsync(HttpClient pages, string path)
    {
        var response = await pages.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private static async Task<string> DownloadAsync(HttpClient pages, string path)
    {
        var response = await pages.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadAsStringAsync()).TrimStart('\uFEFF');
    }

    private static async Task<List<string>> XlsxHeadersAsync(HttpClient pages, string path) => (await XlsxRowsAsync(pages, path))[0];

    /// Every cell of a downloaded workbook's sheet, one row a line.
    private static async Task<string> XlsxTextAsync(HttpClient pages, string path) =>
        string.Join("\n", (await XlsxRowsAsync(pages, path)).Select(row => string.Join(";", row)));

    private static async Task<List<List<string>>> XlsxRowsAsync(HttpClient pages, string path)
    {
        var response = await pages.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        using var document = SpreadsheetDocument.Open(stream, false);
        var sheet = document.WorkbookPart!.WorksheetParts.Single().Worksheet;
        return [.. sheet.Descendants<Row>().Select(row => row.Elements<Cell>().Select(c => c.InnerText).ToList())];
    }

    // Parts a page marks as the other standard (WCAG 3.1.2): a snapshot's stored words as sent.
    private static readonly Regex MarkedBokmal = new("<div lang=\"nb\">.*?</div>", RegexOptions.Singleline | RegexOptions.CultureInvariant);

    /// The page's lang, phrases it must hold, phrases of the other standard it must not hold (as
    /// words: «Faser» is not found in «Fasar»; parts marked lang="nb" aside), and no resource key
    /// or key name anywhere.
    private static void AssertReads(string html, string lang, string[] nynorsk, string[] bokmal)
    {
        Assert.Contains($"<html lang=\"{lang}\"", html, StringComparison.Ordinal);
        // A key's name where its text should be (Area_Phrase), the random antiforgery tokens aside.
        PageWords.HasNoResourceKey(WebUtility.HtmlDecode(html));
        var text = WebUtility.HtmlDecode(lang == "nn" ? MarkedBokmal.Replace(html, "") : html);
        var (expected, absent) = lang == "nn" ? (nynorsk, bokmal) : (bokmal, nynorsk);
        foreach (var phrase in expected)
        {
            Assert.True(text.Contains(phrase, StringComparison.Ordinal), $"«{phrase}» is missing from the {lang} page.");
        }

        foreach (var phrase in absent)
        {
            Assert.False(Regex.IsMatch(text, $@"(?<!\p{{L}}){Regex.Escape(phrase)}(?!\p{{L}})"), $"«{phrase}» of the other standard is on the {lang} page.");
        }

        Assert.DoesNotContain(OwnKeys.Value, k => text.Contains(k, StringComparison.Ordinal));
    }

    private static readonly Lazy<List<string>> OwnKeys = new(() =>
    [
        .. new[] { "DashboardTexts", "StatusReportTexts" }
            .SelectMany(f => XDocument.Load(Path.Combine(RepositoryRoot.Find(AppContext.BaseDirectory), "src/ProsessLop.Api/Texts", f + ".resx")).Root!.Elements("data"))
            .Select(d => (string)d.Attribute("name")!),
    ]);
}

/// The status mail is written in each recipient's standard: the organisations' addresses read
/// bokmål; a person here whose address is on the list and who chose nynorsk gets their own
/// copy in nynorsk. Sent through the outbox to a real SMTP server on loopback.
public sealed class StatusMailStandardTests(DashboardLanguageApp app) : IClassFixture<DashboardLanguageApp>
{
    [Fact]
    public async Task The_status_mail_is_bokmal_to_the_organisations_and_nynorsk_to_a_person_who_chose_it()
    {
        await StatusScenario.ArrangeAsync(app);
        TestPeople.EnsureOwner(app.ConnectionString, "leiar-kulturskoleradet", "Leiar Kulturskolerådet", "Norsk kulturskoleråd");
        await app.WithDbAsync(db => db.People.Where(p => p.Id == "leiar-kulturskoleradet")
            .ExecuteUpdateAsync(p => p.SetProperty(x => x.Email, "leder@kulturskoleradet.test").SetProperty(x => x.WrittenStandard, WrittenStandard.Nynorsk)));

        using var smtp = SimpleSmtpServer.Start(app.SmtpPort);
        // Compiled by an owner whose browser asks for nynorsk: the sender's standard decides nothing.
        var owner = app.ClientAs(Roles.Owner);
        owner.DefaultRequestHeaders.AcceptLanguage.ParseAdd("nn-NO");
        var compiled = await owner.PostAsync("/api/status-reports/fremtidens-kulturskole", null);
        Assert.Equal(HttpStatusCode.Created, compiled.StatusCode);
        await app.SendAsync<RelayResult>(new RelayOutbox());
        var received = smtp.ReceivedEmail.Select(EmailDeliveryTests.Parse).ToList();
        Assert.Equal(2, received.Count);

        var bokmal = Assert.Single(received, m => m.To.Mailboxes.Any(a => a.Address == "post@ks.test"));
        Assert.Equal(["post@ks.test", "post@kulturskoleradet.test"], bokmal.To.Mailboxes.Select(a => a.Address).Order());
        Assert.StartsWith("Statusrapport ", bokmal.Subject, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"nb\">", bokmal.HtmlBody, StringComparison.Ordinal);
        foreach (var phrase in new[] { "Sammenstilt ", "Deltakere", "Forsinkede rapporter", "Forsinket", "Se hele statusrapporten", "Denne e-posten er sendt automatisk av ProsessLøp." })
        {
            Assert.Contains(phrase, WebUtility.HtmlDecode(bokmal.HtmlBody), StringComparison.Ordinal);
        }

        Assert.Contains("Hele statusrapporten: ", bokmal.TextBody, StringComparison.Ordinal);
        Assert.Contains("neste frist", bokmal.TextBody, StringComparison.Ordinal);

        var nynorsk = Assert.Single(received, m => m.To.Mailboxes.Any(a => a.Address == "leder@kulturskoleradet.test"));
        Assert.Single(nynorsk.To.Mailboxes);
        Assert.Equal(bokmal.Subject, nynorsk.Subject); // «Statusrapport {programme} {date}» in both
        Assert.Contains("<html lang=\"nn\">", nynorsk.HtmlBody, StringComparison.Ordinal);
        foreach (var phrase in new[] { "Samanstilt ", "Deltakarar", "Forseinka rapportar", "Forfalne oppgåver", "Sjå heile statusrapporten", "Nye erfaringar" })
        {
            Assert.Contains(phrase, WebUtility.HtmlDecode(nynorsk.HtmlBody), StringComparison.Ordinal);
        }

        Assert.Contains("Heile statusrapporten: ", nynorsk.TextBody, StringComparison.Ordinal);
        foreach (var phrase in new[] { "Sammenstilt", "Deltakere", "Forsinkede", "Forsinket", "Se hele", "Hele statusrapporten", "erfaringer" })
        {
            Assert.DoesNotContain(phrase, WebUtility.HtmlDecode(nynorsk.HtmlBody) + nynorsk.TextBody, StringComparison.Ordinal);
        }

        // The mail's own words (names of participants and stages are the definition's; links are addresses).
        var words = string.Join('\n', (nynorsk.TextBody ?? "").Split('\n').Where(l => !l.Contains("https://", StringComparison.Ordinal)));
        Assert.Empty(TextResourceTests.BokmalIn(words));
    }
}
