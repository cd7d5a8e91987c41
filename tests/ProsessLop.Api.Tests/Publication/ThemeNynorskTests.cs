using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using ProsessLop.Api.Tests.Infrastructure;
using ProsessLop.Api.Tests.Language;
using static ProsessLop.Api.Tests.Language.PageWords;

namespace ProsessLop.Api.Tests.Publication;

/// The public theme pages in the visitor's standard: nynorsk for a browser that asks for it or
/// an address with ?malform=nn, bokmål otherwise — and a cache that never hands one standard's
/// copy to a reader of the other.
public sealed class ThemeNynorskTests(ThemePageTests.ThemeApp app) : IClassFixture<ThemePageTests.ThemeApp>
{
    private const string Theme = "/tema/" + ProgrammeSteps.DefaultDefinition;


    private async Task<HttpResponseMessage> GetAsync(string path, string? acceptLanguage = null, string? ifNoneMatch = null)
    {
        var client = app.CreateClient(new() { HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (acceptLanguage is not null)
        {
            request.Headers.AcceptLanguage.ParseAdd(acceptLanguage);
        }

        if (ifNoneMatch is not null)
        {
            request.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse(ifNoneMatch));
        }

        return await client.SendAsync(request);
    }

    private async Task<string> HtmlAsync(string path, string? acceptLanguage = null)
    {
        return await PageWords.PageAsync(await GetAsync(path, acceptLanguage));
    }

    [Fact]
    public async Task The_theme_page_reads_nynorsk_to_a_browser_that_asks_and_bokmal_to_the_rest()
    {
        await app.WorldAsync();

        var nn = await HtmlAsync(Theme, "nn-NO,nn;q=0.9");
        Assert.Contains("<html lang=\"nn\">", nn);
        Reads(nn,
            ["Framtidas kulturskule", "Samskaping og dialogsamlingar", "Nyleg publiserte rapportar", "Erfaringar og råd", "Søk i erfaringar", "Hopp til hovudinnhaldet",
             "Programmet har 6 fasar. Kvar fase blir avslutta med eit avgjerdspunkt.", "Forankringsnotat og deltakaravtale", "funksjonen, oppgåva og rolla kulturskulen har",
             "Innhaldet kan brukast fritt under", "Norsk lisens for offentlege data (NLOD) 2.0", "Deltakarar etter fylke", "Les på bokmål"],
            ["Fremtidens kulturskole", "Samskaping og dialogsamlinger", "Nylig publiserte rapporter", "Erfaringer og råd", "Søk i erfaringer", "Hopp til hovedinnhold",
             "Hver fase avsluttes", "Forankringsnotat og deltakeravtale", "kulturskolens funksjon", "Innholdet kan brukes", "Deltakere etter fylke", "Les på nynorsk"]);
        // The switch is a link to the same page in the other standard, named in that standard.
        Assert.Contains($"<a href=\"{Theme}?malform=nb\" hreflang=\"nb\" lang=\"nb\">Les på bokmål</a>", nn);

        var nb = await HtmlAsync(Theme, "nb-NO");
        Assert.Contains("<html lang=\"nb\">", nb);
        Reads(nb,
            ["Fremtidens kulturskole", "Samskaping og dialogsamlinger", "Nylig publiserte rapporter", "Erfaringer og råd", "Hopp til hovedinnhold",
             "Programmet har 6 faser. Hver fase avsluttes med et beslutningspunkt.", "Forankringsnotat og deltakeravtale", "kulturskolens funksjon, oppgave og rolle", "Les på nynorsk"],
            ["Framtidas kulturskule", "dialogsamlingar", "rapportar", "erfaringar", "hovudinnhaldet", "Les på bokmål"]);
        Assert.Contains($"<a href=\"{Theme}?malform=nn\" hreflang=\"nn\" lang=\"nn\">Les på nynorsk</a>", nb);
        Assert.Equal(nb, await HtmlAsync(Theme)); // no language asked for: bokmål, as before
    }

    [Fact]
    public async Task The_choice_in_the_address_wins_over_the_browser_and_follows_the_links()
    {
        var w = await app.WorldAsync();

        var nn = await HtmlAsync($"{Theme}?malform=nn", "nb-NO");
        Assert.Contains("<html lang=\"nn\">", nn);
        Assert.Contains($"href=\"{Theme}/deltaker/3203?malform=nn\">Asker</a>", nn);
        Assert.Contains($"href=\"{Theme}/rapport/{w.Report}?malform=nn\"", nn);
        Assert.Contains($"href=\"{Theme}/anbefalinger?malform=nn\"", nn);
        Assert.Contains("<input type=\"hidden\" name=\"malform\" value=\"nn\">", nn);
        Assert.Contains($"<a href=\"{Theme}?malform=nb\"", nn);

        // The switch keeps the rest of the address (a search, a stage).
        var search = await HtmlAsync($"{Theme}?q=samskapingen&malform=nn", "nb-NO");
        Assert.Contains("1 treff for «samskapingen»", search);
        Assert.Contains($"<a href=\"{Theme}?q=samskapingen&malform=nb\"", search);

        var bokmal = await HtmlAsync($"{Theme}?malform=nb", "nn-NO");
        Assert.Contains("<html lang=\"nb\">", bokmal);
        Assert.Contains("Nylig publiserte rapporter", bokmal);
    }

    [Fact]
    public async Task The_participant_report_and_recommendation_pages_read_nynorsk()
    {
        var w = await app.WorldAsync();

        var participant = await HtmlAsync($"{Theme}/deltaker/3203?malform=nn");
        Assert.Contains("<html lang=\"nn\">", participant);
        Reads(participant,
            ["Kommune i Akershus. 1 publiserte rapport, 1 delte erfaring.", "Rapportar og filmar", "Forankringsnotat og deltakaravtale", "Brødsmular", "Deltakarar"],
            ["Rapporter og filmer", "Forankringsnotat og deltakeravtale", "Brødsmuler", "Deltakere"]);

        var report = await HtmlAsync($"{Theme}/rapport/{w.Report}", "nn");
        Reads(report,
            ["<h1>Forankringsnotat og deltakaravtale</h1>", "<dt>Deltakar</dt>", "<dt>Godkjend</dt>", "<dd>Forankring</dd>", "Administrativ og politisk forankring", "Filmar og dokument",
             "Kommunestyret i Asker vedtok å delta."],
            ["deltakeravtale", "<dt>Deltaker</dt>", "<dt>Godkjent</dt>", "Filmer og dokumenter"]);
        var reportNb = await HtmlAsync($"{Theme}/rapport/{w.Report}", "nb");
        Reads(reportNb, ["<h1>Forankringsnotat og deltakeravtale</h1>", "<dt>Deltaker</dt>", "<dt>Godkjent</dt>", "Filmer og dokumenter"], ["deltakaravtale", "Godkjend", "Filmar"]);

        var recommendations = await HtmlAsync($"{Theme}/anbefalinger", "nn");
        Reads(recommendations,
            ["Tilrådingar til KS og Norsk kulturskoleråd, publiserte", "Byggjer på:", "Erfaring frå Asker (Samskaping og dialogsamlingar)", "Forankringsnotat og deltakaravtale – Asker",
             "Last ned for å sende vidare:", $"href=\"{Theme}/anbefalinger.pdf\""],
            ["Bygger på:", "Erfaring fra", "Last ned for å sende videre"]);
    }

    [Fact]
    public async Task The_feed_and_open_data_name_things_in_the_reader_s_standard_and_keep_their_field_names()
    {
        await app.WorldAsync();

        var feed = await (await GetAsync($"{Theme}/feed.atom", "nn")).Content.ReadAsStringAsync();
        Assert.Contains("xml:lang=\"nn\"", feed);
        Assert.Contains("<title>Framtidas kulturskule: nye rapportar og erfaringar</title>", feed);
        Assert.Contains("Erfaring frå Asker", feed);
        Assert.Contains("Forankring: rapport frå Asker.", feed);
        Assert.DoesNotContain("erfaringer", feed);
        var feedNb = await (await GetAsync($"{Theme}/feed.atom")).Content.ReadAsStringAsync();
        Assert.Contains("<title>Fremtidens kulturskole: nye rapporter og erfaringer</title>", feedNb);
        Assert.Contains("xml:lang=\"nb\"", feedNb);

        var json = JsonDocument.Parse(await (await GetAsync($"{Theme}/data.json?malform=nn")).Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("nn", json.GetProperty("language").GetString());
        Assert.Equal("Framtidas kulturskule", json.GetProperty("name").GetString());
        Assert.Equal("Samskaping og dialogsamlingar", json.GetProperty("stages")[2].GetProperty("name").GetString());
        Assert.Equal("Forankringsnotat og deltakaravtale", json.GetProperty("reports")[0].GetProperty("title").GetString());
        var jsonNb = JsonDocument.Parse(await (await GetAsync($"{Theme}/data.json")).Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("nb", jsonNb.GetProperty("language").GetString());
        Assert.Equal("Forankringsnotat og deltakeravtale", jsonNb.GetProperty("reports")[0].GetProperty("title").GetString());
        // The same fields in both.
        Assert.Equal(jsonNb.EnumerateObject().Select(p => p.Name), json.EnumerateObject().Select(p => p.Name));

        var csv = await (await GetAsync($"{Theme}/data.csv", "nn")).Content.ReadAsStringAsync();
        Assert.Contains("type;id;deltaker_id;deltaker;fase;tittel;publisert;adresse;tekst;lisens", csv);
        Assert.Contains("Forankringsnotat og deltakaravtale", csv);
    }

    [Fact]
    public async Task Each_standard_has_its_own_validator_and_the_bokmal_copy_never_answers_a_nynorsk_reader()
    {
        await app.WorldAsync();

        var nb = await GetAsync(Theme, "nb-NO");
        var nn = await GetAsync(Theme, "nn-NO");
        var viaAddress = await GetAsync($"{Theme}?malform=nn");
        var nbTag = nb.Headers.ETag!.Tag;
        var nnTag = nn.Headers.ETag!.Tag;
        Assert.NotEqual(nbTag, nnTag);
        Assert.Equal(nnTag, viaAddress.Headers.ETag!.Tag);
        foreach (var response in new[] { nb, nn })
        {
            Assert.Contains("Accept-Language", response.Headers.Vary);
            Assert.Contains("Cookie", response.Headers.Vary);
            Assert.Equal("public, max-age=300", response.Headers.CacheControl!.ToString());
        }

        // The bokmål copy's validator from a nynorsk reader: the full nynorsk page, not a 304.
        var fromNn = await GetAsync(Theme, "nn-NO", nbTag);
        Assert.Equal(HttpStatusCode.OK, fromNn.StatusCode);
        Assert.Contains("Nyleg publiserte rapportar", WebUtility.HtmlDecode(await fromNn.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.OK, (await GetAsync($"{Theme}?malform=nn", "nb-NO", nbTag)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync($"{Theme}/feed.atom", "nn", nbTag)).StatusCode);

        // Each its own copy still answers 304, with the same Vary.
        var again = await GetAsync(Theme, "nb-NO", nbTag);
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        Assert.Contains("Accept-Language", again.Headers.Vary);
        Assert.Equal(HttpStatusCode.NotModified, (await GetAsync(Theme, "nn-NO", nnTag)).StatusCode);
    }
}
