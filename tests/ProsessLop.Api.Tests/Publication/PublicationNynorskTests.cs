using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProsessLop.Api.Features.Demo;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Tests.Infrastructure;
using ProsessLop.Api.Tests.Language;
using static ProsessLop.Api.Tests.Language.PageWords;
using ProsessLop.Api.Tests.People;

namespace ProsessLop.Api.Tests.Publication;

/// The owner's /publisering and the recommendations as files, in the reader's standard, on the
/// demo data (its programmes run the shipped v2, so the definition's names come in nynorsk too).
public sealed class PublicationNynorskTests(DemoPagesApp app) : IClassFixture<DemoPagesApp>
{

    // The demo data set, once per class (tests in a class run one at a time): a second call finds programmes and does nothing.
    private async Task SeededAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DemoData>().SeedAsync();
    }

    private async Task<string> PageAsync(string path, string acceptLanguage)
    {
        await SeededAsync();
        var owner = await app.SignedInToPagesAsync();
        owner.DefaultRequestHeaders.AcceptLanguage.ParseAdd(acceptLanguage);
        return await PageWords.PageAsync(await owner.GetAsync(path));
    }

    [Fact]
    public async Task The_publication_desk_reads_nynorsk_to_an_owner_who_reads_nynorsk()
    {
        var nn = await PageAsync("/publisering", "nn-NO");
        Assert.Contains("lang=\"nn\"", nn);
        Reads(nn,
            ["Godkjende rapportar og delte erfaringar blir offentlege på temasida", "Sjå temasida for Framtidas kulturskule", "Publiserte rapportar (",
             "Rapportar haldne tilbake eller tekne ned (", "Publiserte erfaringar (", "<th scope=\"col\">Deltakar</th>", "Samskaping og dialogsamlingar", "Trekk tilbake"],
            ["Godkjente rapporter og delte erfaringer", "Se temasiden for", "Publiserte rapporter (", "Rapporter holdt tilbake", "Publiserte erfaringer (",
             "<th scope=\"col\">Deltaker</th>", "Samskaping og dialogsamlinger", "erfaringen fra"]);

        var nb = await PageAsync("/publisering", "nb-NO");
        Reads(nb,
            ["Godkjente rapporter og delte erfaringer blir offentlige på temasiden", "Se temasiden for Fremtidens kulturskole", "Publiserte rapporter (",
             "<th scope=\"col\">Deltaker</th>", "Samskaping og dialogsamlinger"],
            ["temasida", "rapportar", "erfaringar", "dialogsamlingar"]);
    }

    /// The demo's reports have the same name in both standards; the shipped v2's forankringsnotat
    /// does not («deltakeravtale» / «deltakaravtale»). Its public copy keeps the bokmål title; the
    /// desk shows the definition's title in the owner's standard.
    [Fact]
    public async Task The_publication_desk_shows_a_report_s_title_in_the_owner_s_standard()
    {
        await SeededAsync();
        const string municipality = "4640"; // Sogndal: not in the demo data
        var programme = await app.StartAsync(municipality, TestProgrammes.Start, version: 2);
        var coordinator = app.ClientAs(Roles.Coordinator, municipality);
        (await coordinator.PutAsJsonAsync($"/api/programmes/{programme}/reports/forankringsnotat/sections/forankring", new { text = "Kommunestyret vedtok å vere med." })).EnsureSuccessStatusCode();
        (await coordinator.PostAsync($"/api/programmes/{programme}/reports/forankringsnotat/submit", null)).EnsureSuccessStatusCode();
        (await app.ClientAs(Roles.Owner).PostAsync($"/api/programmes/{programme}/reports/forankringsnotat/approve", null)).EnsureSuccessStatusCode();
        Assert.Equal("Forankringsnotat og deltakeravtale", await app.WithDbAsync(db =>
            db.ReportPublications.Where(p => p.ProgrammeId == programme).Select(p => p.Title).SingleAsync()));

        Reads(await PageAsync("/publisering", "nn-NO"), ["Forankringsnotat og deltakaravtale"], ["Forankringsnotat og deltakeravtale"]);
        Reads(await PageAsync("/publisering", "nb-NO"), ["Forankringsnotat og deltakeravtale"], ["Forankringsnotat og deltakaravtale"]);
    }

    [Fact]
    public async Task The_recommendations_as_a_file_are_written_in_the_standard_of_whoever_fetches_them()
    {
        await SeededAsync();
        var client = app.CreateClient(new() { HandleCookies = false });
        using var nnRequest = new HttpRequestMessage(HttpMethod.Get, "/tema/fremtidens-kulturskole/anbefalinger.html");
        nnRequest.Headers.AcceptLanguage.ParseAdd("nn");
        var nn = WebUtility.HtmlDecode(await (await client.SendAsync(nnRequest)).Content.ReadAsStringAsync());
        Assert.Contains("<html lang=\"nn\">", nn);
        Reads(nn,
            ["Tilrådingar til KS og Norsk kulturskoleråd frå utviklingsprogrammet Framtidas kulturskule. Publisert", "Les dei på nett:", "Byggjer på:"],
            ["Anbefalinger til KS og Norsk kulturskoleråd fra", "Les dem på nett", "Bygger på:"]);
        PageWords.HasNoResourceKey(nn);

        var nb = WebUtility.HtmlDecode(await client.GetStringAsync("/tema/fremtidens-kulturskole/anbefalinger.html"));
        Assert.Contains("<html lang=\"nb\">", nb);
        Reads(nb,
            ["Anbefalinger til KS og Norsk kulturskoleråd fra utviklingsprogrammet Fremtidens kulturskole. Publisert", "Les dem på nett:", "Bygger på:"],
            ["Tilrådingar", "Les dei på nett", "Byggjer på:"]);

        var pdf = await client.GetAsync("/tema/fremtidens-kulturskole/anbefalinger.pdf?malform=nn");
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_recommendation_editor_reads_nynorsk_to_an_owner_who_reads_nynorsk()
    {
        var list = await PageAsync("/anbefalinger", "nn-NO");
        Reads(list, ["Tilrådingar til KS og Norsk kulturskoleråd", "Vel utviklingsprogrammet tilrådingane gjeld.", ">Framtidas kulturskule</a>"],
            ["Velg utviklingsprogrammet", ">Fremtidens kulturskole</a>"]);

        var nn = await PageAsync("/anbefalinger/fremtidens-kulturskole", "nn-NO");
        Assert.Contains("lang=\"nn\"", nn);
        Reads(nn,
            ["<h1>Tilrådingar: Framtidas kulturskule</h1>", "Tittel på dokumentet", "Legg til ei tilråding", "Byggjer på: ", "Tilrådingane blir skrivne av ein programeigar",
             "Last ned slik dei står no", "Publiserte rapportar tilrådinga «"],
            ["Anbefalinger: Fremtidens kulturskole", "Legg til en anbefaling", "Bygger på: ", "Anbefalingene skrives av", "Last ned slik de står nå", "Publiserte rapporter anbefalingen"]);

        var nb = await PageAsync("/anbefalinger/fremtidens-kulturskole", "nb-NO");
        Reads(nb,
            ["<h1>Anbefalinger: Fremtidens kulturskole</h1>", "Legg til en anbefaling", "Bygger på: ", "Anbefalingene skrives av en programeier", "Publiserte rapporter anbefalingen «"],
            ["Tilrådingar", "Byggjer på", "tilrådinga"]);
    }
    /// The owner's refusals (publication and recommendations) are texts like any other: in the
    /// standard of whoever is refused.
    [Fact]
    public async Task The_owner_s_refusals_read_in_the_owner_s_standard()
    {
        foreach (var (language, noSection, titleMissing, noDefinition) in new[]
        {
            ("nn-NO", "Dokumentet må ha minst éin seksjon.", "Tittelen på seksjonen må fyllast ut.", "Fann ingen programdefinisjon «finst-ikkje»."),
            ("nb-NO", "Dokumentet må ha minst én seksjon.", "Seksjonens tittel må fylles ut.", "Fant ingen programdefinisjon «finst-ikkje»."),
        })
        {
            var owner = app.ClientAs(Roles.Owner);
            owner.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
            var empty = await owner.PutAsJsonAsync("/api/definitions/fremtidens-kulturskole/recommendations", new { title = "Tilrådingar", sections = Array.Empty<object>() });
            Assert.Equal(noSection, await empty.FieldErrorAsync("sections"));
            var untitled = await owner.PutAsJsonAsync("/api/definitions/fremtidens-kulturskole/recommendations", new
            {
                title = "Tilrådingar", sections = new[] { new { title = " ", text = "Tekst.", reports = Array.Empty<Guid>(), learning = Array.Empty<Guid>() } },
            });
            Assert.Equal(titleMissing, await untitled.FieldErrorAsync("sections[0].title"));
            var missing = await owner.GetAsync("/api/definitions/finst-ikkje/recommendations");
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
            Assert.Equal(noDefinition, (await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        }
    }
}
