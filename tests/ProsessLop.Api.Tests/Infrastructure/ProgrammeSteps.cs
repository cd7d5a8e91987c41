using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ProsessLop.Api.Features.Participants;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Infrastructure.Persistence;

namespace ProsessLop.Api.Tests.Infrastructure;

/// Steps many tests share: start a programme over the API, add a contact person.
public static class ProgrammeSteps
{
    public const string DefaultDefinition = "fremtidens-kulturskole";

    public static async Task<Guid> StartAsync(this ProsessApp app, string municipality, DateOnly? start = null, string definition = DefaultDefinition, int version = 1)
    {
        var response = await app.ClientAs(Roles.Owner).PostAsJsonAsync("/api/programmes", new
        {
            definitionKey = definition,
            definitionVersion = version,
            participantKind = "municipality",
            participantId = municipality,
            startDate = (start ?? DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime).AddDays(14)).ToString("yyyy-MM-dd"),
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    public static async Task<Guid> AddContactAsync(this ProsessApp app, string participantId, string name, string? userSubject = null)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ProsessDb>();
        var person = new ContactPerson
        {
            Id = Guid.CreateVersion7(),
            ParticipantId = participantId,
            Name = name,
            Email = $"{name.Replace(' ', '.').ToLowerInvariant()}@kommune.test",
            GroupRole = "kulturskoleleder",
            UserSubject = userSubject,
            CreatedAt = DateTimeOffset.UtcNow,
        };
        db.ContactPersons.Add(person);
        await db.SaveChangesAsync();
        return person.Id;
    }

    public static async Task<JsonElement> DetailAsync(this HttpClient client, Guid programme) =>
        await client.GetFromJsonAsync<JsonElement>($"/api/programmes/{programme}");

    public static JsonElement Task(this JsonElement detail, string key) =>
        detail.GetProperty("stages").EnumerateArray().SelectMany(s => s.GetProperty("tasks").EnumerateArray()).Single(t => t.GetProperty("key").GetString() == key);

    public static JsonElement Report(this JsonElement detail, string key) =>
        detail.GetProperty("stages").EnumerateArray().SelectMany(s => s.GetProperty("reports").EnumerateArray()).Single(t => t.GetProperty("key").GetString() == key);
}
