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

/// Shared look-ups for tests of what lives inside a programme (created with ProgrammeSteps.StartAsync).
public static class TestProgrammes
{
    /// The cohort's opening gathering in the tests that need a programme to work inside.
    public static readonly DateOnly Start = new(2026, 8, 24);

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
