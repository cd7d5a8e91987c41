using Microsoft.EntityFrameworkCore;
using ProsessLop.Api.Features.Participants;
using ProsessLop.Api.Infrastructure.Errors;
using ProsessLop.Api.Tests.Infrastructure;

namespace ProsessLop.Api.Tests.Foundation;

public sealed class PipelineTests(ProsessApp app) : IClassFixture<ProsessApp>
{
    [Fact]
    public async Task InvalidCommand_IsRejected_BeforeTheHandler_AsAFailedResult()
    {
        // Like every other error, not an exception: the caller (endpoint, page, job) gets a Result.
        var result = await app.SendAsync<Result<RegionView>>(new CreateRegion("Ensom", ["0301"]));
        Assert.Equal(ErrorKind.Invalid, result.Error?.Kind);
        Assert.Equal(["En region må ha minst to kommuner."], result.Error!.Fields!["municipalityNumbers"]);
        Assert.False(await app.WithDbAsync(db => db.Regions.AnyAsync(r => r.Name == "Ensom")));
    }

    [Fact]
    public async Task Command_IsCommitted_ByThePipeline()
    {
        var result = await app.SendAsync<Result<RegionView>>(new CreateRegion("Indre Østfold-samarbeidet", ["3101", "3103"]));
        Assert.True(result.Succeeded);
        Assert.True(await app.WithDbAsync(db => db.Regions.AnyAsync(r => r.Id == result.Value!.Id)));
    }

    [Fact]
    public async Task FailedCommand_IsRolledBack()
    {
        var result = await app.SendAsync<Result<RegionView>>(new CreateRegion("Halvveis", ["3101", "0000"]));
        Assert.Equal(ErrorKind.Invalid, result.Error?.Kind);
        Assert.False(await app.WithDbAsync(db => db.Regions.AnyAsync(r => r.Name == "Halvveis")));
    }
}

/// A database that breaks under the host: the client gets a 500 problem document with a
/// traceId and nothing of the exception.
public sealed class UnexpectedFailureTests(ProsessApp app) : IClassFixture<ProsessApp>
{
    [Fact]
    public async Task UnexpectedException_Gives500Problem_WithoutDetails()
    {
        var client = app.ClientAs(Api.Infrastructure.Auth.Roles.Owner);
        await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("ALTER TABLE municipalities RENAME TO municipalities_gone"));

        var response = await client.GetAsync("/api/municipalities");

        Assert.Equal(System.Net.HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("traceId", body);
        Assert.DoesNotContain("municipalities_gone", body);
        Assert.DoesNotContain("relation", body);
        Assert.DoesNotContain("Npgsql", body);

        // A browser gets the same answer as a Norwegian page, with nothing of the exception either.
        using var html = new HttpRequestMessage(HttpMethod.Get, "/api/municipalities");
        html.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,*/*;q=0.8");
        var page = await client.SendAsync(html);
        Assert.Equal(System.Net.HttpStatusCode.InternalServerError, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var text = await page.Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"nb\">", text);
        Assert.Contains("<h1>Noe gikk galt</h1>", text);
        Assert.DoesNotContain("municipalities_gone", text);
        Assert.DoesNotContain("Npgsql", text);
    }
}
