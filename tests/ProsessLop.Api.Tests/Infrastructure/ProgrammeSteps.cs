using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
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

    /// The programme row's copy of its assignments (what the reminder sweep reads) is the same as
    /// task_assignments (what the pages read), pair by pair.
    public static async Task AssertAssignmentCopyInStepAsync(this ProsessApp app, Guid programme)
    {
        var table = await app.WithDbAsync(db => db.TaskAssignments.Where(a => a.ProgrammeId == programme)
            .Select(a => new { a.TaskKey, a.ContactPersonId }).ToListAsync());
        var row = await app.WithDbAsync(db => db.Programmes.Where(p => p.Id == programme)
            .Select(p => new { p.AssignedTaskKeys, p.AssignedContactIds }).SingleAsync());
        Assert.Equal(
            table.Select(a => (a.TaskKey, a.ContactPersonId)).OrderBy(a => a.TaskKey, StringComparer.Ordinal),
            row.AssignedTaskKeys.Zip(row.AssignedContactIds));
    }

    public static async Task<JsonElement> DetailAsync(this HttpClient client, Guid programme) =>
        await client.GetFromJsonAsync<JsonElement>($"/api/programmes/{programme}");

    public static JsonElement Task(this JsonElement detail, string key) =>
        detail.GetProperty("stages").EnumerateArray().SelectMany(s => s.GetProperty("tasks").EnumerateArray()).Single(t => t.GetProperty("key").GetString() == key);

    public static JsonElement Report(this JsonElement detail, string key) =>
        detail.GetProperty("stages").EnumerateArray().SelectMany(s => s.GetProperty("reports").EnumerateArray()).Single(t => t.GetProperty("key").GetString() == key);
}
