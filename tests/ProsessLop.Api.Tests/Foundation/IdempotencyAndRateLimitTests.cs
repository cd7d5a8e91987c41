using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Tests.Infrastructure;

namespace ProsessLop.Api.Tests.Foundation;

public sealed class IdempotencyTests(ProsessApp app) : IClassFixture<ProsessApp>
{
    private static HttpRequestMessage CreateRegion(string name, string key) => new(HttpMethod.Post, "/api/regions")
    {
        Content = JsonContent.Create(new { name, municipalityNumbers = new[] { "1804", "1806" } }),
        Headers = { { "Idempotency-Key", key } },
    };

    [Fact]
    public async Task RetriedPost_WithTheSameKey_ReturnsTheFirstResponse_AndCreatesOnce()
    {
        var owner = app.ClientAs(Roles.Owner);
        var first = await owner.SendAsync(CreateRegion("Salten", "key-salten-1"));
        var retry = await owner.SendAsync(CreateRegion("Salten", "key-salten-1"));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
        Assert.True(retry.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(1, await app.WithDbAsync(db => db.Regions.CountAsync(r => r.Name == "Salten")));
    }

    // A claim as a request leaves it when its host dies (kill -9) or loses the database:
    // the request's hash, the given status, claimed a minute ago.
    private async Task<HttpRequestMessage> AbandonedAsync(string name, string key, int status)
    {
        var body = $$"""{"name":"{{name}}","municipalityNumbers":["1804","1806"]}""";
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes("POST /api/regions\n" + body)));
        var then = DateTimeOffset.UtcNow.AddMinutes(-1);
        await app.WithDbAsync(db => db.Database.ExecuteSqlInterpolatedAsync(
            $"INSERT INTO idempotency_keys (user_id, key, request_hash, status_code, created_at, expires_at) VALUES ('test-owner', {key}, {hash}, {status}, {then}, {then.AddDays(1)})"));
        return new HttpRequestMessage(HttpMethod.Post, "/api/regions")
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
            Headers = { { "Idempotency-Key", key } },
        };
    }

    [Fact]
    public async Task AKeyAbandonedBeforeItsCommandCommitted_IsTakenOverByARetry_AndRunsOnce()
    {
        var owner = app.ClientAs(Roles.Owner);
        var retry = await owner.SendAsync(await AbandonedAsync("Helgeland", "key-abandoned", 0));
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        var again = await owner.SendAsync(CreateRegion("Helgeland", "key-abandoned"));
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.True(again.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(1, await app.WithDbAsync(db => db.Regions.CountAsync(r => r.Name == "Helgeland")));
    }

    [Fact]
    public async Task AKeyWhoseCommandCommitted_ButWhoseAnswerWasLost_IsNeverRunAgain()
    {
        var owner = app.ClientAs(Roles.Owner);
        var retry = await owner.SendAsync(await AbandonedAsync("Namdalen", "key-answer-lost", -1));
        Assert.Equal(HttpStatusCode.Conflict, retry.StatusCode);
        Assert.Contains("svaret gikk tapt", await retry.Content.ReadAsStringAsync());
        Assert.False(await app.WithDbAsync(db => db.Regions.AnyAsync(r => r.Name == "Namdalen")));
    }

    [Fact]
    public async Task SameKey_WithADifferentBody_IsRefused()
    {
        var owner = app.ClientAs(Roles.Owner);
        Assert.Equal(HttpStatusCode.Created, (await owner.SendAsync(CreateRegion("Ofoten", "key-ofoten"))).StatusCode);
        var other = await owner.SendAsync(CreateRegion("Vesterålen", "key-ofoten"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        Assert.Equal("application/problem+json", other.Content.Headers.ContentType?.MediaType);
        Assert.False(await app.WithDbAsync(db => db.Regions.AnyAsync(r => r.Name == "Vesterålen")));
    }

    [Fact]
    public async Task ConcurrentRetries_CreateOnce()
    {
        var owner = app.ClientAs(Roles.Owner);
        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => owner.SendAsync(CreateRegion("Lofoten", "key-lofoten"))));
        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.Conflict }));
        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.Equal(1, await app.WithDbAsync(db => db.Regions.CountAsync(r => r.Name == "Lofoten")));
    }

    [Fact]
    public async Task ASecretInTheFirstResponse_IsNotStored_AndARetryIsToldItWasShownOnce()
    {
        var person = app.ClientFor("secret-keeper", Roles.Participant, "1804");
        HttpRequestMessage CreateFeed() => new(HttpMethod.Post, "/api/calendar-feeds")
        {
            Content = JsonContent.Create(new { kind = "person" }),
            Headers = { { "Idempotency-Key", "key-feed" } },
        };

        var first = await (await person.SendAsync(CreateFeed())).JsonAsync(HttpStatusCode.Created);
        var token = new Uri(first.GetProperty("url").GetString()!).AbsolutePath.Split('/')[^1][..^".ics".Length];

        // The whole stored row, every column, as the database holds it.
        var row = await app.WithDbAsync(db => db.Database.SqlQuery<string>(
            $"SELECT row_to_json(k)::text AS \"Value\" FROM idempotency_keys k WHERE user_id = 'secret-keeper' AND key = 'key-feed'").SingleAsync());
        Assert.DoesNotContain(token, row, StringComparison.Ordinal);
        Assert.Contains("\"status_code\":201", row, StringComparison.Ordinal);

        var retry = await person.SendAsync(CreateFeed());
        var problem = await retry.JsonAsync(HttpStatusCode.Gone);
        Assert.Equal("application/problem+json", retry.Content.Headers.ContentType?.MediaType);
        Assert.Contains("bare én gang", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Null(retry.Headers.Location);
        Assert.Equal(1, await app.WithDbAsync(db => db.CalendarFeeds.CountAsync(f => f.CreatedBy == "secret-keeper")));
    }

    [Fact]
    public async Task KeysAreKeptPerUser()
    {
        await app.ClientAs(Roles.Owner).SendAsync(CreateRegion("Helgeland", "shared-key"));
        // Another person using the same key string does not get the owner's response.
        var coordinator = await app.ClientAs(Roles.Coordinator, "1804").SendAsync(CreateRegion("Helgeland", "shared-key"));
        Assert.Equal(HttpStatusCode.Forbidden, coordinator.StatusCode);
    }
}

public sealed class ThrottledApp : ProsessApp
{
    protected override int WritesPerMinute => 3;
}

public sealed class RateLimitTests(ThrottledApp app) : IClassFixture<ThrottledApp>
{
    [Fact]
    public async Task TooManyWrites_Give429_WithRetryAfter_PerPerson()
    {
        var owner = app.ClientAs(Roles.Owner);
        for (var i = 0; i < 3; i++)
        {
            var ok = await owner.PostAsJsonAsync("/api/regions", new { name = $"Region {i}", municipalityNumbers = new[] { "0301", "3201" } });
            Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
        }

        var limited = await owner.PostAsJsonAsync("/api/regions", new { name = "Region 4", municipalityNumbers = new[] { "0301", "3201" } });
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        Assert.Equal(429, (await limited.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetInt32());
        Assert.False(await app.WithDbAsync(db => db.Regions.AnyAsync(r => r.Name == "Region 4")));

        // Reads are not limited, and another person has their own allowance.
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync("/api/municipalities")).StatusCode);
        var steering = await app.ClientAs(Roles.Steering).PostAsJsonAsync("/api/regions", new { name = "Region 5", municipalityNumbers = new[] { "0301", "3201" } });
        Assert.Equal(HttpStatusCode.Forbidden, steering.StatusCode);
    }
}
