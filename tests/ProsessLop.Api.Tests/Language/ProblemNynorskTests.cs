using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ProsessLop.Api.Infrastructure;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Tests.Infrastructure;

namespace ProsessLop.Api.Tests.Language;

/// Issue 16 for the API's problem documents: the title (and our own detail) follows the reader —
/// here the browser's Accept-Language — and so does the validator's Norwegian text of each problem.
public sealed class ProblemNynorskTests(ProsessApp app) : IClassFixture<ProsessApp>
{
    private HttpClient Owner(string language)
    {
        var client = app.ClientAs(Roles.Owner);
        client.DefaultRequestHeaders.AcceptLanguage.Clear();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        return client;
    }

    private static async Task<JsonElement> Problem(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Theory]
    [InlineData("nn", "Fann ikkje ressursen", "Ugyldig førespurnad")]
    [InlineData("nb", "Fant ikke ressursen", "Ugyldig forespørsel")]
    public async Task A_404_and_a_400_are_titled_in_the_readers_standard(string language, string notFound, string badRequest)
    {
        var owner = Owner(language);

        var missing = await Problem(await owner.GetAsync($"/api/definitions/drafts/{Guid.NewGuid()}"), HttpStatusCode.NotFound);
        Assert.Equal(notFound, missing.GetProperty("title").GetString());

        var bad = await Problem(await owner.PostAsync("/api/definitions/validate", new StringContent("{\"key\": ", Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest);
        Assert.Equal(badRequest, bad.GetProperty("title").GetString());
        Assert.StartsWith("Ugyldig JSON", bad.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("nn", "Avgjerdspunktet i fasen «Forankring» viser til oppgåva «finst-ikkje», men det finst inga oppgåve med den nøkkelen.")]
    [InlineData("nb", "Beslutningspunktet i fasen «Forankring» viser til oppgaven «finst-ikkje», men det finnes ingen oppgave med den nøkkelen.")]
    public async Task An_invalid_definition_s_problems_are_said_in_the_readers_standard(string language, string expected)
    {
        var definition = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Find(AppContext.BaseDirectory), "workflows", "fremtidens-kulturskole", "v1.json")))!;
        definition["stages"]![0]!["gate"]!["requiredTasks"] = new JsonArray("finst-ikkje");

        var problem = await Problem(await Owner(language).PostAsync("/api/definitions/validate",
            new StringContent(definition.ToJsonString(), Encoding.UTF8, "application/json")), HttpStatusCode.UnprocessableEntity);

        var said = problem.GetProperty("problems").EnumerateArray().Single(p => p.GetProperty("pointer").GetString() == "/stages/0/gate/requiredTasks/0");
        Assert.Equal(expected, said.GetProperty("norwegian").GetString());
        Assert.False(said.TryGetProperty("said", out _)); // both standards stay inside the server
    }
}
