using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ProsessLop.Api.Features.Participants;
using ProsessLop.Api.Features.Programmes;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Tests.Infrastructure;

namespace ProsessLop.Api.Tests.Programmes;

/// GET /api/me/tasks pages by keyset (newest programme first, then task key): following the
/// `Link: <…>; rel="next"` header visits every task once, whatever is added meanwhile.
public sealed class MyTasksPagingTests(ProsessApp app) : IClassFixture<ProsessApp>
{
    private static string Municipality(int index) => Api.Features.Participants.Municipality.Official2024[index].Number;

    /// Programmes in `municipalities`, each with a contact for `subject`, and every task of each
    /// assigned to that contact except those `holdBack` keeps out (they are returned).
    private async Task<List<(Guid Programme, string Task, Guid Contact)>> ArrangeAsync(string subject, int[] municipalities, Func<int, bool>? holdBack = null)
    {
        var held = new List<(Guid, string, Guid)>();
        var n = 0;
        foreach (var index in municipalities)
        {
            var municipality = Municipality(index);
            var programme = await app.StartAsync(municipality);
            var contact = await app.AddContactAsync(municipality, $"Person {subject} {index}", subject);
            var keys = await app.WithDbAsync(async db => (await db.Programmes.SingleAsync(p => p.Id == programme)).State.Tasks.Select(t => t.Key).ToList());
            await app.WithDbAsync(async db =>
            {
                foreach (var key in keys)
                {
                    if (holdBack?.Invoke(n++) == true)
                    {
                        held.Add((programme, key, contact));
                        continue;
                    }

                    db.TaskAssignments.Add(new TaskAssignment { ProgrammeId = programme, TaskKey = key, ContactPersonId = contact, AssignedAt = DateTimeOffset.UtcNow });
                }

                return await db.SaveChangesAsync();
            });
        }

        return held;
    }

    private HttpClient Person(string subject, int[] municipalities) =>
        app.ClientFor(subject, Roles.Coordinator, [.. municipalities.Select(Municipality)]);

    private static async Task<(List<string> Tasks, string? Next)> PageAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var next = response.Headers.TryGetValues("Link", out var links) ? links.Single() : null;
        if (next is not null)
        {
            Assert.Matches("^</api/me/tasks\\?limit=\\d+&cursor=[A-Za-z0-9_-]+>; rel=\"next\"$", next);
            next = next[1..next.IndexOf('>', StringComparison.Ordinal)];
        }

        var tasks = JsonDocument.Parse(body).RootElement.EnumerateArray()
            .Select(t => $"{t.GetProperty("programmeId").GetGuid()}/{t.GetProperty("taskKey").GetString()}").ToList();
        return (tasks, next);
    }

    private static async Task<List<List<string>>> WalkAsync(HttpClient client, string first, Func<int, Task>? afterPage = null)
    {
        var pages = new List<List<string>>();
        for (var url = first; url is not null;)
        {
            var (tasks, next) = await PageAsync(client, url);
            pages.Add(tasks);
            if (afterPage is not null)
            {
                await afterPage(pages.Count);
            }

            url = next;
            Assert.True(pages.Count < 200, "the walk does not end");
        }

        return pages;
    }

    [Fact]
    public async Task Pages_CoverEveryTask_ExactlyOnce_InAStableOrder()
    {
        int[] municipalities = [301, 302, 303, 304];
        await ArrangeAsync("paging-all", municipalities);
        var client = Person("paging-all", municipalities);

        var (all, none) = await PageAsync(client, "/api/me/tasks?limit=200");
        Assert.Null(none);
        Assert.True(all.Count >= 8, $"only {all.Count} tasks to page through");
        Assert.Equal(all.Count, all.Distinct().Count());

        var pages = await WalkAsync(client, "/api/me/tasks?limit=3");
        Assert.All(pages, p => Assert.InRange(p.Count, 0, 3));
        Assert.True(pages.Count >= all.Count / 3);
        // The same tasks, each once, in the same order as the one big page.
        Assert.Equal(all, pages.SelectMany(p => p).ToList());
        // Newest programme first (version-7 ids: creation order).
        var programmes = all.Select(t => t[..36]).Distinct().ToList();
        Assert.Equal(programmes.OrderByDescending(Guid.Parse).Select(g => g.ToString()), programmes);

        // Without a limit: the first 50.
        var (first, _) = await PageAsync(client, "/api/me/tasks");
        Assert.Equal(all.Take(ListMyTasksHandler.DefaultLimit), first);
    }

    [Fact]
    public async Task Walk_StaysExactlyOnce_WhileTasksAreAssignedAndProgrammesStarted()
    {
        int[] municipalities = [311, 312, 313];
        // Every third assignment is made only while the person is paging.
        var held = await ArrangeAsync("paging-concurrent", municipalities, n => n % 3 == 2);
        Assert.NotEmpty(held);
        var client = Person("paging-concurrent", [.. municipalities, 314]);
        var (before, _) = await PageAsync(client, "/api/me/tasks?limit=200");

        var pages = await WalkAsync(client, "/api/me/tasks?limit=2", async page =>
        {
            if (page == 1)
            {
                // A new programme for the person (sorts first, before the cursor) and the held-back
                // assignments in the existing ones (before or after the cursor).
                await ArrangeAsync("paging-concurrent", [314]);
                await app.WithDbAsync(async db =>
                {
                    db.TaskAssignments.AddRange(held.Select(h => new TaskAssignment { ProgrammeId = h.Programme, TaskKey = h.Task, ContactPersonId = h.Contact, AssignedAt = DateTimeOffset.UtcNow }));
                    return await db.SaveChangesAsync();
                });
            }
        });

        var walked = pages.SelectMany(p => p).ToList();
        Assert.Equal(walked.Count, walked.Distinct().Count());
        Assert.Subset(walked.ToHashSet(), before.ToHashSet());
        var (after, _) = await PageAsync(client, "/api/me/tasks?limit=200");
        Assert.True(after.Count > before.Count, "the concurrent assignments show on a new walk");
        // What the walk saw is in the keyset order of the whole list as it is now.
        Assert.Equal(after.Where(walked.Contains), walked);
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=201", "limit")]
    [InlineData("limit=-1", "limit")]
    [InlineData("limit=abc", "limit")]
    [InlineData("limit=2147483648", "limit")]
    [InlineData("cursor=ikke-en-cursor", "cursor")]
    [InlineData("cursor=", "cursor")]
    [InlineData("cursor=eHx5", "cursor")] // base64url of "x|y": no programme id
    [InlineData("limit=5&cursor=%00", "cursor")]
    public async Task BadLimitOrCursor_Is400_NamingTheParameter(string query, string field)
    {
        var response = await app.ClientAs(Roles.Coordinator, Municipality(320)).GetAsync($"/api/me/tasks?{query}");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, body);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.False(string.IsNullOrWhiteSpace(JsonDocument.Parse(body).RootElement.GetProperty("errors").GetProperty(field)[0].GetString()));
    }

    [Fact]
    public void Cursor_RoundTrips_AndATamperedOneIsRefused()
    {
        var cursor = new MyTasksCursor(Guid.CreateVersion7(), "statusrapport#2");
        Assert.Equal(cursor, MyTasksCursor.Parse(cursor.ToString()));
        Assert.Throws<Api.Infrastructure.Errors.RequestValidationException>(() => MyTasksCursor.Parse(cursor.ToString()[2..]));
    }
}
