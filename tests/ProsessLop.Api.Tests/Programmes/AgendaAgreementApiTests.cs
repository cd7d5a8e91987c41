using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProsessLop.Api.Features.Demo;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Tests.Infrastructure;

namespace ProsessLop.Api.Tests.Programmes;

/// The agenda's agreement over HTTP, on the demo data set (every colour, withdrawn programmes,
/// reports awaiting review, a regional network): the programme's open items, the participant's
/// calendar feed, the programme list's columns, the compiled status and each person's "my tasks"
/// tell the same story. The randomised proof is in the workflow tests (AgendaAgreementTests).
public sealed class AgendaAgreementApiTests(ProsessApp app) : IClassFixture<ProsessApp>
{
    private sealed record Item(string Kind, string Key, string Due);

    [Fact]
    public async Task OnTheDemoProgrammes_EveryReaderOfTheAgendaAgrees()
    {
        await using (var scope = app.Services.CreateAsyncScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<DemoData>().SeedAsync());
        }

        var owner = app.ClientAs(Roles.Owner);
        var programmes = await app.WithDbAsync(db => db.Programmes.AsNoTracking().Select(p => new { p.Id, p.ParticipantId, p.DefinitionKey }).ToListAsync());
        var rows = new Dictionary<Guid, JsonElement>();
        foreach (var definition in programmes.Select(p => p.DefinitionKey).Distinct())
        {
            var report = await (await owner.PostAsync($"/api/status-reports/{definition}", null)).JsonAsync(HttpStatusCode.Created);
            foreach (var row in report.GetProperty("content").GetProperty("programmes").EnumerateArray())
            {
                rows[row.GetProperty("programmeId").GetGuid()] = row;
            }
        }

        var list = (await owner.GetFromJsonAsync<JsonElement>("/api/programmes?pageSize=500")).GetProperty("items").EnumerateArray()
            .ToDictionary(p => p.GetProperty("id").GetGuid());
        var people = await app.WithDbAsync(db => db.ContactPersons.AsNoTracking().Where(c => c.UserSubject != null)
            .Select(c => new { c.Id, c.UserSubject, c.ParticipantId }).ToListAsync());
        var openByPerson = people.ToDictionary(p => p.Id, _ => new HashSet<(string, bool)>());
        var kinds = new HashSet<string>();

        foreach (var programme in programmes)
        {
            var detail = await owner.DetailAsync(programme.Id);
            var open = detail.GetProperty("openItems").EnumerateArray().ToList();
            var deadlines = open.Where(i => !i.GetProperty("ownersTurn").GetBoolean()).Select(ItemOf).ToHashSet();
            kinds.UnionWith(open.Select(i => i.GetProperty("kind").GetString()!));

            // The participant's calendar feed: one event per deadline.
            var feed = await (await owner.PostAsJsonAsync("/api/calendar-feeds", new { kind = "participant", participantId = programme.ParticipantId })).JsonAsync(HttpStatusCode.Created);
            var calendar = Ical.Net.Calendar.Load(await app.CreateClient().GetStringAsync(new Uri(feed.GetProperty("url").GetString()!).AbsolutePath))!;
            var prefix = $"{programme.Id}-";
            var events = calendar.Events.Where(e => e.Uid!.StartsWith(prefix, StringComparison.Ordinal))
                .Select(e => (Parts: e.Uid![prefix.Length..^"@prosesslop".Length].Split('-', 2), Day: e.DtStart!.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)))
                .Select(e => new Item(e.Parts[0], e.Parts[1], e.Day))
                .ToHashSet();
            Assert.Equal(deadlines, events);

            // The list's columns: the nearest deadline and what awaits review.
            var nextDue = deadlines.Count == 0 ? null : deadlines.Select(d => d.Due).Min(StringComparer.Ordinal);
            Assert.Equal(nextDue, list[programme.Id].GetProperty("earliestOpenDue").GetString());
            Assert.Equal(open.Count(i => i.GetProperty("awaitingReview").GetBoolean()), list[programme.Id].GetProperty("awaitingReview").GetInt32());

            // The compiled status (one row per participant: the newest programme of each).
            if (rows.TryGetValue(programme.Id, out var row))
            {
                // «Neste frist»: the nearest deadline still ahead (the past ones are overdue).
                var today = ProsessLop.Workflow.Calendar.OsloTime.Today(app.Clock).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
                var nextUpcoming = deadlines.Select(d => d.Due).Where(d => string.CompareOrdinal(d, today) >= 0).Order(StringComparer.Ordinal).FirstOrDefault();
                Assert.Equal(nextUpcoming, row.GetProperty("nextDeadline").GetString());
                Assert.Equal(Keys(open.Where(i => Is(i, "task") && i.GetProperty("overdue").GetBoolean() && i.GetProperty("required").GetBoolean())), Keys(row.GetProperty("overdueTasks").EnumerateArray()));
                Assert.Equal(Keys(open.Where(i => Is(i, "report") && i.GetProperty("overdue").GetBoolean())), Keys(row.GetProperty("lateReports").EnumerateArray()));
                Assert.Equal(Keys(open.Where(i => i.GetProperty("awaitingReview").GetBoolean())), Keys(row.GetProperty("awaitingReview").EnumerateArray()));
            }

            foreach (var task in open.Where(i => Is(i, "task") && i.GetProperty("assignee").ValueKind == JsonValueKind.Object))
            {
                if (openByPerson.TryGetValue(task.GetProperty("assignee").GetProperty("contactPersonId").GetGuid(), out var mine))
                {
                    mine.Add(($"{programme.Id}/{task.GetProperty("key").GetString()}", task.GetProperty("overdue").GetBoolean()));
                }
            }
        }

        // "My tasks" of each person with a sign-in: their open tasks with the same overdue flag.
        foreach (var person in people)
        {
            var mine = await app.ClientFor(person.UserSubject!, Roles.Participant, person.ParticipantId).GetFromJsonAsync<JsonElement>("/api/me/tasks");
            var listed = mine.EnumerateArray().Where(t => t.GetProperty("status").GetString() is "open" or "inProgress")
                .Select(t => ($"{t.GetProperty("programmeId").GetGuid()}/{t.GetProperty("taskKey").GetString()}", t.GetProperty("overdue").GetBoolean()))
                .ToHashSet();
            Assert.Equal(openByPerson[person.Id], listed);
        }

        Assert.Superset(new HashSet<string> { "task", "report" }, kinds);
        Assert.Contains(openByPerson.Values, tasks => tasks.Count > 0);
    }

    private static Item ItemOf(JsonElement item) => new(item.GetProperty("kind").GetString()!, item.GetProperty("key").GetString()!, item.GetProperty("due").GetString()!);

    private static bool Is(JsonElement item, string kind) => item.GetProperty("kind").GetString() == kind;

    private static List<string> Keys(IEnumerable<JsonElement> items) => [.. items.Select(i => i.GetProperty("key").GetString()!).Order(StringComparer.Ordinal)];
}
