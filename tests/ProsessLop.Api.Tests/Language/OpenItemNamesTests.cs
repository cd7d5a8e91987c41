using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Tests.Infrastructure;
using ProsessLop.Api.Tests.People;

namespace ProsessLop.Api.Tests.Language;

/// A programme's open items (the «Ope no» table of /deltaker and the API's openItems) are named
/// in the reader's standard, as its stage tables are: the agenda names items in bokmål for the
/// columns and journal, so a view must not pass those names on.
public sealed class OpenItemNamesTests(DemoPagesApp app) : IClassFixture<DemoPagesApp>
{
    [Fact]
    public async Task Open_items_are_named_in_the_standard_of_whoever_reads_them()
    {
        const string municipality = "4645"; // Askvoll, on the shipped v2 (names in both standards)
        var programme = await app.StartAsync(municipality, TestProgrammes.Start, version: 2);

        async Task<string[]> NamesAsync(string language)
        {
            var owner = app.ClientAs(Roles.Owner);
            owner.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
            var detail = await owner.GetFromJsonAsync<JsonElement>($"/api/programmes/{programme}");
            return [.. detail.GetProperty("openItems").EnumerateArray().Select(i => i.GetProperty("name").GetString()!)];
        }

        var nn = await NamesAsync("nn-NO");
        Assert.Contains("Peike ut kontaktperson for programmet", nn);
        Assert.Contains("Forankringsnotat og deltakaravtale", nn);
        Assert.DoesNotContain(nn, n => n is "Utpeke kontaktperson for programmet" or "Forankringsnotat og deltakeravtale" or "Etablere kommunegruppen");
        var nb = await NamesAsync("nb-NO");
        Assert.Contains("Utpeke kontaktperson for programmet", nb);
        Assert.Contains("Forankringsnotat og deltakeravtale", nb);
        Assert.DoesNotContain(nb, n => n is "Peike ut kontaktperson for programmet" or "Etablere kommunegruppa");
    }
    /// The studio's refusals are texts like any other: in the standard of whoever is refused.
    [Fact]
    public async Task The_studio_refuses_in_the_reader_s_standard()
    {
        var id = Guid.NewGuid();
        foreach (var (language, draft, version) in new[]
        {
            ("nn-NO", $"Fann ikkje utkastet {id}.", "Fann ingen programdefinisjon 'fremtidens-kulturskole' versjon 99."),
            ("nb-NO", $"Fant ikke utkastet {id}.", "Fant ingen programdefinisjon 'fremtidens-kulturskole' versjon 99."),
        })
        {
            var owner = app.ClientAs(Roles.Owner);
            owner.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
            Assert.Equal(draft, await DetailAsync(await owner.GetAsync($"/api/definitions/drafts/{id}")));
            Assert.Equal(version, await DetailAsync(await owner.GetAsync("/api/definitions/fremtidens-kulturskole/versions/99")));
        }

        static async Task<string?> DetailAsync(HttpResponseMessage response)
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString();
        }
    }
}
