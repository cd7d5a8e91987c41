using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Tests.Infrastructure;

namespace ProsessLop.Api.Tests.StatusReports;

/// A host that knows where KS and Kulturskolerådet get their mail.
public sealed class StatusReportApp : ProsessApp
{
    public const string BaseUrl = "https://prosesslop.test";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Email:Organisations:KS:0", "post@ks.test");
        builder.UseSetting("Email:Organisations:Norsk kulturskoleråd:0", "post@kulturskoleradet.test");
        builder.UseSetting("Email:Organisations:Norsk kulturskoleråd:1", "leder@kulturskoleradet.test");
        builder.UseSetting("Email:BaseUrl", BaseUrl);
    }
}

/// Four programmes at different points: not started yet, late, waiting for the owner's review
/// of the forankringsnotat with every forankring task done, and one to withdraw.
public sealed record StatusScenario(Guid NotStarted, Guid Late, Guid AwaitingReview, Guid ToWithdraw)
{
    public const string NotStartedMunicipality = "1804"; // Bodø
    public const string LateMunicipality = "4601";       // Bergen
    public const string ReviewMunicipality = "0301";     // Oslo
    public const string WithdrawMunicipality = "5001";   // Trondheim

    public static readonly string[] ForankringTasks =
        ["utpeke-kontaktperson", "forankre-administrativt", "forankre-politisk", "etablere-kommunegruppe", "signere-deltakeravtale"];

    public static async Task<StatusScenario> ArrangeAsync(ProsessApp app)
    {
        var today = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime);
        var notStarted = await app.StartAsync(NotStartedMunicipality, today.AddDays(70));
        var late = await app.StartAsync(LateMunicipality, today.AddDays(-7));
        var review = await app.StartAsync(ReviewMunicipality, today.AddDays(70));
        var withdraw = await app.StartAsync(WithdrawMunicipality, today.AddDays(70));

        var coordinator = app.ClientAs(Roles.Coordinator, ReviewMunicipality);
        foreach (var task in ForankringTasks)
        {
            Assert.Equal(HttpStatusCode.OK, (await coordinator.PostAsync($"/api/programmes/{review}/tasks/{task}/complete", null)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await coordinator.PostAsync($"/api/programmes/{review}/reports/forankringsnotat/submit", null)).StatusCode);

        var owner = app.ClientAs(Roles.Owner);
        Assert.Equal(HttpStatusCode.Created, (await owner.PostAsJsonAsync($"/api/programmes/{late}/deviations", new
        {
            description = "Samling avlyst", cause = "Sykdom", consequence = "Forsinkelse", action = "Ny dato", owner = "Rektor", deadline = today.AddDays(30).ToString("yyyy-MM-dd"), status = "open",
        })).StatusCode);
        foreach (var (description, probability, consequence) in new[] { ("Lav", 1, 2), ("Høyest", 5, 5), ("Middels", 2, 4), ("Høy", 4, 4) })
        {
            Assert.Equal(HttpStatusCode.Created, (await owner.PostAsJsonAsync($"/api/programmes/{late}/risks", new
            {
                description, probability, consequence, mitigation = "Følge opp", owner = "Kommunalsjef", status = "open",
            })).StatusCode);
        }

        return new StatusScenario(notStarted, late, review, withdraw);
    }

    public static Task WithdrawAsync(ProsessApp app, Guid programme) =>
        AssertOk(app.ClientAs(Roles.Owner).PostAsJsonAsync($"/api/programmes/{programme}/withdraw", new { note = "Kommunen prioriterer andre tiltak." }));

    public static async Task AssertOk(Task<HttpResponseMessage> request)
    {
        var response = await request;
        Assert.True(response.IsSuccessStatusCode, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }
}
