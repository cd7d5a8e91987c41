using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ProsessLop.Api.Features.People;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Tests.Infrastructure;

namespace ProsessLop.Api.Tests.People;

/// Personal access tokens (shown once, hashed, read or read-write, expiring, revocable, last use)
/// and erasing a person (GDPR): what goes, what stays anonymised, and that it counts at once.
public sealed class AccessTokenAndErasureTests(ProsessApp app) : IClassFixture<ProsessApp>
{
    private HttpClient WithToken(string token)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task<(Guid Id, string Token)> CreateAsync(HttpClient client, string scope, int? days = null)
    {
        var created = await (await client.PostAsJsonAsync("/api/me/access-tokens", new { name = $"Skript {scope}", scope, expiresInDays = days })).JsonAsync(HttpStatusCode.Created);
        return (created.GetProperty("id").GetGuid(), created.GetProperty("token").GetString()!);
    }

    [Fact]
    public async Task AccessToken_IsShownOnce_StoredHashed_ReadScopeOnlyReads_AndRevokingStopsIt()
    {
        await app.StartAsync("4601");
        var person = app.ClientFor("bergen-koordinator", Roles.Coordinator, "4601");
        var (readId, read) = await CreateAsync(person, "read");
        var (writeId, write) = await CreateAsync(person, "readWrite", 30);
        Assert.StartsWith(PersonalAccessToken.Prefix, read);

        // Only the hash is kept; the list never shows the token again.
        var stored = await app.WithDbAsync(db => db.PersonalAccessTokens.AsNoTracking().SingleAsync(t => t.Id == readId));
        Assert.Equal(Secrets.Hash(read), stored.TokenHash);
        var listed = await person.GetStringAsync("/api/me/access-tokens");
        Assert.DoesNotContain(read, listed);

        // Read scope reads, and gets a problem document on any write.
        Assert.Equal(HttpStatusCode.OK, (await WithToken(read).GetAsync("/api/participants/4601/contacts")).StatusCode);
        var refused = await WithToken(read).PostAsJsonAsync("/api/participants/4601/contacts", new { name = "Ny", email = "ny@bergen.test", groupRole = "Rektor", isCoordinator = false });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Contains("bare lese", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Created, (await WithToken(write).PostAsJsonAsync("/api/participants/4601/contacts",
            new { name = "Ny", email = "ny@bergen.test", groupRole = "Rektor", isCoordinator = false })).StatusCode);
        // The token has the person's rights, no more: another municipality is not there.
        Assert.Equal(HttpStatusCode.NotFound, (await WithToken(write).GetAsync("/api/participants/1804/contacts")).StatusCode);
        // A token cannot make tokens (it would outlive itself).
        Assert.Equal(HttpStatusCode.Forbidden, (await WithToken(write).PostAsJsonAsync("/api/me/access-tokens", new { name = "Barnebarn", scope = "read" })).StatusCode);

        var used = await person.GetFromJsonAsync<JsonElement>("/api/me/access-tokens");
        Assert.All(used.EnumerateArray(), t => Assert.NotEqual(JsonValueKind.Null, t.GetProperty("lastUsedAt").ValueKind));

        Assert.Equal(HttpStatusCode.NoContent, (await person.DeleteAsync($"/api/me/access-tokens/{writeId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await WithToken(write).GetAsync("/api/participants/4601/contacts")).StatusCode);
        // Someone else's token: as if it did not exist.
        Assert.Equal(HttpStatusCode.NotFound, (await app.ClientAs(Roles.Coordinator, "4601").DeleteAsync($"/api/me/access-tokens/{readId}")).StatusCode);
    }

    [Fact]
    public async Task AccessToken_Expires()
    {
        var person = app.ClientFor("kort-levetid", Roles.Participant, "4602");
        var invalid = await person.PostAsJsonAsync("/api/me/access-tokens", new { name = "", scope = "admin", expiresInDays = 1000 });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var (_, token) = await CreateAsync(person, "read", 1);
        Assert.Equal(HttpStatusCode.OK, (await WithToken(token).GetAsync("/api/me")).StatusCode);
        app.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.Unauthorized, (await WithToken(token).GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task ErasingAPerson_RemovesMembershipsIdentitiesTokensAndSessions_AndTheJournalKeepsAnAnonymousActor()
    {
        var programme = await app.StartAsync("4614");
        var client = app.ClientFor("stord-koordinator", Roles.Coordinator, "4614");
        await app.WithDbAsync(async db =>
        {
            db.ExternalIdentities.Add(new ExternalIdentity { Id = Guid.CreateVersion7(), PersonId = "stord-koordinator", Provider = "idporten", Key = "pid-stord", LinkedAt = DateTimeOffset.UtcNow });
            db.SignInSessions.Add(new SignInSession { Id = Guid.CreateVersion7(), PersonId = "stord-koordinator", Provider = "idporten", CreatedAt = DateTimeOffset.UtcNow, ExpiresAt = DateTimeOffset.UtcNow.AddHours(1) });
            return await db.SaveChangesAsync();
        });
        var contact = await app.AddContactAsync("4614", "Stine Stord", userSubject: "stord-koordinator");
        var (_, token) = await CreateAsync(client, "readWrite");
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync($"/api/programmes/{programme}/comments", new { target = "forankring", text = "Godt i gang" })).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await app.ClientAs(Roles.Owner).DeleteAsync("/api/people/stord-koordinator")).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await WithToken(token).GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/api/programmes/{programme}")).StatusCode);
        var left = await app.WithDbAsync(async db => new
        {
            People = await db.People.CountAsync(p => p.Id == "stord-koordinator"),
            Memberships = await db.Memberships.CountAsync(m => m.PersonId == "stord-koordinator"),
            Identities = await db.ExternalIdentities.CountAsync(i => i.PersonId == "stord-koordinator"),
            Sessions = await db.SignInSessions.CountAsync(s => s.PersonId == "stord-koordinator"),
            Tokens = await db.PersonalAccessTokens.CountAsync(t => t.PersonId == "stord-koordinator"),
            Journal = await db.JournalEntries.CountAsync(j => j.ActorId == "stord-koordinator"),
            Anonymous = await db.JournalEntries.CountAsync(j => j.ParticipantId == "4614" && j.ActorName == "Slettet person"),
            Contact = await db.ContactPersons.SingleAsync(c => c.Id == contact),
        });
        Assert.Equal((0, 0, 0, 0, 0, 0), (left.People, left.Memberships, left.Identities, left.Sessions, left.Tokens, left.Journal));
        Assert.True(left.Anonymous > 0);
        Assert.Equal(("Slettet person", null), (left.Contact.Name, left.Contact.UserSubject));
        Assert.Equal(HttpStatusCode.NotFound, (await app.ClientAs(Roles.Owner).DeleteAsync("/api/people/stord-koordinator")).StatusCode);
    }
}
