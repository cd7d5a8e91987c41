using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Tests.Infrastructure;

namespace ProsessLop.Api.Tests.Definitions;

/// A host where two owner organisations require four eyes: one by name, one in a list.
public sealed class FourEyesApp : ProsessApp
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Studio:FourEyes:Fylkesnettverket", "true");
        builder.UseSetting("Studio:FourEyes:0", "Regionrådet");
    }
}

/// The four-eyes rule over HTTP on real PostgreSQL: a second owner approves the revision before it
/// is published; the saver cannot; a new save needs a new approval.
public sealed class FourEyesTests(FourEyesApp app) : IClassFixture<FourEyesApp>
{
    private HttpClient Author => OwnerOfAll(app.ClientAs(Roles.Owner), "test-owner");

    private HttpClient Second => OwnerOfAll(app.ClientFor("second-owner", Roles.Owner), "second-owner");

    // Only an owner for one of a definition's organisations may publish it: both owners here are
    // owners for the organisations these drafts name.
    private HttpClient OwnerOfAll(HttpClient client, string person)
    {
        foreach (var organisation in new[] { "Fylkesnettverket", "Regionrådet" })
        {
            TestPeople.EnsureOwner(app.ConnectionString, person, $"Test {person}", organisation);
        }

        return client;
    }

    private static async Task<Guid> StartAsync(HttpClient client, string key, string owner) =>
        (await (await client.PostAsJsonAsync("/api/definitions/drafts", new { key, owners = new[] { owner } })).JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

    private static Task<HttpResponseMessage> ApproveAsync(HttpClient client, Guid id, int revision) =>
        client.PostAsJsonAsync($"/api/definitions/drafts/{id}/approve", new { revision, note = "Lest og godkjent" });

    private Task<List<(int Revision, string ApprovedBy)>> ApprovalsAsync(Guid id) =>
        app.WithDbAsync(db => db.DefinitionDraftApprovals.Where(a => a.DraftId == id).OrderBy(a => a.ApprovedAt)
            .Select(a => new ValueTuple<int, string>(a.Revision, a.ApprovedBy)).ToListAsync());

    [Fact]
    public async Task ADraftOfAFourEyesOrganisation_PublishesOnlyAfterASecondOwnerApprovesItsLatestRevision()
    {
        var id = await StartAsync(Author, "fire-oyne", "Fylkesnettverket");
        var draft = await Author.GetFromJsonAsync<JsonElement>($"/api/definitions/drafts/{id}");
        Assert.True(draft.GetProperty("approval").GetProperty("required").GetBoolean());
        Assert.Equal(["Fylkesnettverket"], draft.GetProperty("approval").GetProperty("organisations").EnumerateArray().Select(o => o.GetString()));

        // Unapproved: 409 saying who must approve.
        var refused = await Author.PostAsync($"/api/definitions/drafts/{id}/publish", null);
        var problem = await refused.JsonAsync(HttpStatusCode.Conflict);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains("Fylkesnettverket krever godkjenning av to programeiere", detail);
        Assert.Contains("revisjon 1 må godkjennes av en annen programeier enn Test owner", detail);
        Assert.False(await app.WithDbAsync(db => db.PublishedDefinitions.AnyAsync(p => p.Key == "fire-oyne")));

        // The saver cannot approve their own revision.
        Assert.Equal(HttpStatusCode.Conflict, (await ApproveAsync(Author, id, 1)).StatusCode);

        var approved = await (await ApproveAsync(Second, id, 1)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(1, approved.GetProperty("revision").GetInt32());
        Assert.Equal("Lest og godkjent", approved.GetProperty("note").GetString());
        Assert.Equal([(1, "second-owner")], await ApprovalsAsync(id));
        var shown = await Author.GetFromJsonAsync<JsonElement>($"/api/definitions/drafts/{id}");
        Assert.Equal(1, shown.GetProperty("approval").GetProperty("approval").GetProperty("revision").GetInt32());

        // A new save (by the approver) clears it: revision 2 is not approved, and the approver saved it.
        var json = shown.GetProperty("definition").GetRawText().Replace("Beskriv programmet her.", "Et program for fylkene.", StringComparison.Ordinal);
        var saved = await (await Second.PutAsync($"/api/definitions/drafts/{id}", new StringContent(json, Encoding.UTF8, "application/json"))).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, saved.GetProperty("approval").GetProperty("approval").ValueKind);
        var again = await (await Second.PostAsync($"/api/definitions/drafts/{id}/publish", null)).JsonAsync(HttpStatusCode.Conflict);
        Assert.Contains("revisjon 2 må godkjennes", again.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await ApproveAsync(Second, id, 2)).StatusCode);

        // An approval of a revision the approver did not read is refused; the latest one is taken.
        var stale = await (await ApproveAsync(Author, id, 1)).JsonAsync(HttpStatusCode.Conflict);
        Assert.Contains("revisjon 2", stale.GetProperty("detail").GetString());
        await (await ApproveAsync(Author, id, 2)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal([(1, "second-owner"), (2, "test-owner")], await ApprovalsAsync(id));

        var published = await (await Second.PostAsync($"/api/definitions/drafts/{id}/publish", null)).JsonAsync(HttpStatusCode.Created);
        Assert.Equal(1, published.GetProperty("version").GetInt32());
        var journal = await TestProgrammes.JournalAsync(app, $"definition-draft:{id}");
        Assert.Equal(2, journal.Count(j => j.Action == "definition-draft-approved"));
    }

    [Fact]
    public async Task TheRuleHoldsOnlyForTheOrganisationsConfigured_ByNameOrInTheList()
    {
        var listed = await StartAsync(Author, "fire-oyne-liste", "Regionrådet");
        Assert.Equal(HttpStatusCode.Conflict, (await Author.PostAsync($"/api/definitions/drafts/{listed}/publish", null)).StatusCode);

        var free = await StartAsync(Author, "uten-fire-oyne", "KS");
        var draft = await Author.GetFromJsonAsync<JsonElement>($"/api/definitions/drafts/{free}");
        Assert.False(draft.GetProperty("approval").GetProperty("required").GetBoolean());
        await (await Author.PostAsync($"/api/definitions/drafts/{free}/publish", null)).JsonAsync(HttpStatusCode.Created);
    }
}
