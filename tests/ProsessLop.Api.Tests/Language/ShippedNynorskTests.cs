using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Tests.Infrastructure;

namespace ProsessLop.Api.Tests.Language;

/// A programme on a shipped v2 reads in the reader's standard: the definition's names, stages,
/// tasks, reports, section titles and reflection prompts, over the host's own language choice.
public sealed class ShippedNynorskTests(ProsessApp app) : IClassFixture<ProsessApp>
{
    private async Task<Guid> StartOnV2Async(string definition, string municipality)
    {
        var response = await app.ClientAs(Roles.Owner).PostAsJsonAsync("/api/programmes", new
        {
            definitionKey = definition, definitionVersion = 2, participantKind = "municipality", participantId = municipality, startDate = "2027-08-23",
        });
        return (await response.JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
    }

    private async Task<JsonElement> DetailAsync(Guid programme, string acceptLanguage)
    {
        var client = app.ClientAs(Roles.Owner);
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(acceptLanguage);
        return await client.GetFromJsonAsync<JsonElement>($"/api/programmes/{programme}");
    }

    private static IEnumerable<string> Names(JsonElement detail, string list) =>
        detail.GetProperty("stages").EnumerateArray().SelectMany(s => s.GetProperty(list).EnumerateArray()).Select(t => t.GetProperty("name").GetString()!);

    [Fact]
    public async Task The_default_programme_v2_reads_nynorsk_to_a_reader_of_nynorsk_and_bokmal_to_the_rest()
    {
        var programme = await StartOnV2Async("fremtidens-kulturskole", "4638");

        var nn = await DetailAsync(programme, "nn-NO");
        Assert.Equal(2, nn.GetProperty("definition").GetProperty("version").GetInt32());
        Assert.Equal("Framtidas kulturskule", nn.GetProperty("definition").GetProperty("name").GetString());
        Assert.Equal(["Forankring", "Kartlegging", "Samskaping og dialogsamlingar", "Uttesting", "Evaluering", "Rapportering og deling"],
            nn.GetProperty("stages").EnumerateArray().Select(s => s.GetProperty("name").GetString()));
        Assert.Contains("Peike ut kontaktperson for programmet", Names(nn, "tasks"));
        Assert.Contains("Hente inn tilbakemeldingar frå deltakarane", Names(nn, "tasks"));
        Assert.Contains("Tilrådingar til KS og Norsk kulturskoleråd", Names(nn, "reports"));
        var kartlegging = nn.GetProperty("stages")[1];
        Assert.Equal("Kva overraska dykk i kartlegginga?", kartlegging.GetProperty("reflectionPrompts")[0].GetString());
        var sections = kartlegging.GetProperty("reports")[0].GetProperty("sections").EnumerateArray().Select(s => s.GetProperty("title").GetString()).ToList();
        Assert.Equal(["Nosituasjon", "Framtidsbilete", "Kva skal til for å lukke gapet?", "Nøkkeltal"], sections);
        // The gate's blockers (ProgrammeEngine) are still bokmål sentences: only the definition's texts are checked here.
        Assert.DoesNotContain(Names(nn, "tasks").Concat(Names(nn, "reports")), n => n.Contains("Utpeke", StringComparison.Ordinal) || n.Contains("deltakerne", StringComparison.Ordinal));

        var nb = await DetailAsync(programme, "nb-NO");
        Assert.Equal("Fremtidens kulturskole", nb.GetProperty("definition").GetProperty("name").GetString());
        Assert.Contains("Utpeke kontaktperson for programmet", Names(nb, "tasks"));
        Assert.Contains("Anbefalinger til KS og Norsk kulturskoleråd", Names(nb, "reports"));
        Assert.DoesNotContain(Names(nb, "tasks"), n => n.Contains("deltakarane", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_network_v2_reads_nynorsk_to_a_reader_of_nynorsk()
    {
        var programme = await StartOnV2Async("ks-utviklingsnettverk", "4647");

        var nn = await DetailAsync(programme, "nn");
        Assert.Equal("Førebuing", nn.GetProperty("stages")[0].GetProperty("name").GetString());
        Assert.Contains("Gjere heimeoppgåve 1", Names(nn, "tasks"));
        Assert.Contains("Heimeoppgåve 2", Names(nn, "reports"));

        var nb = await DetailAsync(programme, "nb");
        Assert.Equal("Forberedelse", nb.GetProperty("stages")[0].GetProperty("name").GetString());
        Assert.Contains("Gjøre hjemmeoppgave 1", Names(nb, "tasks"));
    }
}
