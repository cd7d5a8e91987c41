using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProsessLop.Api.Features.Definitions;
using ProsessLop.Api.Features.Journal;
using ProsessLop.Api.Features.Programmes;
using ProsessLop.Workflow.Definitions;
using ProsessLop.Workflow.Engine;

namespace ProsessLop.Api.Tests.Infrastructure;

/// Programmes inserted straight into the database, for tests of what lives inside one.
public static class TestProgrammes
{
    public const string DefinitionKey = "fremtidens-kulturskole";

    public static async Task<Guid> CreateAsync(ProsessApp app, string municipality = "1804", string name = "Bodø", string county = "18")
    {
        var definition = app.Services.GetRequiredService<DefinitionRegistry>().Find(DefinitionKey, 1)!.Definition;
        var start = new DateOnly(2026, 8, 24);
        var schedule = ProgrammeScheduler.Create(definition, new Participant(ParticipantKind.Municipality, municipality, name, [municipality]), start);
        var state = ProgrammeState.Start(schedule);
        var now = DateTimeOffset.UtcNow;
        var programme = new Programme
        {
            Id = Guid.CreateVersion7(),
            DefinitionKey = DefinitionKey,
            DefinitionVersion = 1,
            ParticipantKind = ParticipantKind.Municipality,
            ParticipantId = municipality,
            ParticipantName = name,
            CountyNumbers = [county],
            StartDate = start,
            Status = ProgrammeStatus.Active,
            CurrentStageKey = state.Stages[0].Key,
            State = state,
            CreatedAt = now,
            UpdatedAt = now,
        };
        return await app.WithDbAsync(async db =>
        {
            db.Programmes.Add(programme);
            await db.SaveChangesAsync();
            return programme.Id;
        });
    }

    public static Task<uint> VersionAsync(ProsessApp app, Guid programmeId) =>
        app.WithDbAsync(db => db.Programmes.Where(p => p.Id == programmeId).Select(p => p.Version).SingleAsync());

    public static string? JsonField(string? json, string field) =>
        json is null ? null : JsonDocument.Parse(json).RootElement.GetProperty(field).ToString();

    public static Task<List<JournalEntry>> JournalAsync(ProsessApp app, string target) =>
        app.WithDbAsync(db => db.JournalEntries.AsNoTracking().Where(j => j.Target == target).OrderBy(j => j.Id).ToListAsync());
}

public static class TestHttp
{
    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"Expected {expected}, got {response.StatusCode}: {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement;
    }

    /// A 400 problem document naming the field (camelCase), with a Norwegian message.
    public static async Task<string> FieldErrorAsync(this HttpResponseMessage response, string field)
    {
        var problem = await response.JsonAsync(HttpStatusCode.BadRequest);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var message = problem.GetProperty("errors").GetProperty(field)[0].GetString()!;
        Assert.False(string.IsNullOrWhiteSpace(message));
        return message;
    }

    public static Task<HttpResponseMessage> PutAsJsonAsync<T>(this HttpClient client, Uri? uri, T body) =>
        HttpClientJsonExtensions.PutAsJsonAsync(client, uri!, body);
}
