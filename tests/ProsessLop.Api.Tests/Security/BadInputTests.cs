using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Tests.Infrastructure;

namespace ProsessLop.Api.Tests.Security;

/// Bad input of every kind gets a 4xx problem document and writes nothing — never a 5xx.
public sealed class BadInputTests(ProsessApp app) : IClassFixture<ProsessApp>
{
    private static readonly string Huge = new('x', 100_000);

    public static TheoryData<string, string, string, int> Cases() => new()
    {
        // method, url ({p} = a programme id), body, expected status
        { "POST", "/api/programmes", "{\"definitionKey\": ", 400 },
        { "POST", "/api/programmes", "{\"definitionKey\": 5, \"definitionVersion\": \"én\", \"participantKind\": \"municipality\", \"participantId\": \"0301\", \"startDate\": \"2027-08-23\"}", 400 },
        { "POST", "/api/programmes", "{\"definitionKey\": \"fremtidens-kulturskole\", \"definitionVersion\": 1, \"participantKind\": \"fylke\", \"participantId\": \"0301\", \"startDate\": \"2027-08-23\"}", 400 },
        { "POST", "/api/programmes", "{\"definitionKey\": \"fremtidens-kulturskole\", \"definitionVersion\": 1, \"participantKind\": \"municipality\", \"participantId\": \"0301\", \"startDate\": \"2027-02-30\"}", 400 },
        { "POST", "/api/programmes", "{\"definitionKey\": \"fremtidens-kulturskole\", \"definitionVersion\": 1, \"participantKind\": \"municipality\", \"participantId\": \"0301\", \"startDate\": \"1900-01-01\"}", 400 },
        { "POST", "/api/programmes", "{\"definitionKey\": \"fremtidens-kulturskole\", \"definitionVersion\": 99999999999, \"participantKind\": \"municipality\", \"participantId\": \"0301\", \"startDate\": \"2027-08-23\"}", 400 },
        { "POST", "/api/programmes", "", 400 },
        { "POST", "/api/programmes", "[]", 400 },
        { "POST", "/api/programmes/{p}/comments", $"{{\"target\": \"forankring\", \"text\": \"{Huge}\"}}", 400 },
        { "POST", "/api/programmes/{p}/comments", "{\"target\": null, \"text\": null}", 400 },
        { "PUT", "/api/programmes/{p}/tasks/forankre-politisk/assignee", "{\"contactPersonId\": \"ikke-en-guid\"}", 400 },
        { "POST", "/api/programmes/{p}/withdraw", "{\"note\": 42}", 400 },
        { "POST", "/api/programmes/{p}/deviations", "{\"description\": \"x\", \"owner\": \"y\", \"deadline\": \"31.12.2027\"}", 400 },
        { "POST", "/api/programmes/{p}/risks", "{\"description\": \"x\", \"owner\": \"y\", \"probability\": 9, \"consequence\": -1}", 400 },
        { "POST", "/api/programmes/{p}/learning", $"{{\"stageKey\": \"forankring\", \"whatWeTried\": \"{Huge}\", \"whatWeLearned\": \"x\"}}", 400 },
        { "PUT", "/api/programmes/{p}/reports/forankringsnotat/sections/forankring", "{\"text\": {\"nested\": true}}", 400 },
        { "POST", "/api/programmes/{p}/migration", "{\"targetVersion\": \"neste\", \"apply\": \"ja\"}", 400 },
        { "GET", "/api/programmes?status=pågår", "", 400 },
        { "GET", "/api/programmes?page=-1", "", 400 },
        { "GET", "/api/programmes?pageSize=100000", "", 400 },
        { "GET", "/api/programmes/ikke-en-guid", "", 404 },
        { "GET", "/api/programmes/{p}/journal?take=abc", "", 400 },
        { "POST", "/api/programmes/{p}/tasks/finnes-ikke/complete", "", 409 },
        { "POST", "/api/participants/0301/contacts", "{\"name\": \"\", \"email\": \"ikke-epost\", \"groupRole\": \"\"}", 400 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task BadInput_Gets4xxProblem_AndWritesNothing(string method, string url, string body, int expected)
    {
        var programme = await app.StartAsync(Participants.Next());
        var before = await app.WithDbAsync(db => db.JournalEntries.CountAsync());

        var request = new HttpRequestMessage(new HttpMethod(method), url.Replace("{p}", programme.ToString(), StringComparison.Ordinal));
        if (method != "GET")
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        var response = await app.ClientAs(Roles.Owner).SendAsync(request);

        Assert.Equal(expected, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("   at ", await response.Content.ReadAsStringAsync());
        Assert.Equal(before, await app.WithDbAsync(db => db.JournalEntries.CountAsync()));
    }

    /// Each case starts its own programme, so municipalities must not repeat within the class.
    private static class Participants
    {
        private static int _next = 100;

        public static string Next() => Api.Features.Participants.Municipality.Official2024[Interlocked.Increment(ref _next)].Number;
    }
}
