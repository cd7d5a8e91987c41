using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using ProsessLop.Api.Features.Learning;
using ProsessLop.Api.Features.Publication;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Tests.Infrastructure;

namespace ProsessLop.Api.Tests.Publication;

/// Offentleglova: approved reports are published per their definition, owners publish, keep back
/// (with the legal basis) and unpublish; learning is shared in two steps and withdrawn in one.
public sealed class PublicationTests(ProsessApp app) : IClassFixture<ProsessApp>
{
    internal const string Report = "forankringsnotat";

    /// A programme whose forankringsnotat the owner has approved, with a section and a film.
    internal static async Task<Guid> ApprovedReportAsync(ProsessApp app, string municipality, string text = "Kommunestyret vedtok å delta.")
    {
        var programme = await app.StartAsync(municipality, TestProgrammes.Start);
        var coordinator = app.ClientAs(Roles.Coordinator, municipality);
        (await coordinator.PutAsJsonAsync($"/api/programmes/{programme}/reports/{Report}/sections/forankring", new { text })).EnsureSuccessStatusCode();
        (await coordinator.PostAsJsonAsync($"/api/programmes/{programme}/reports/{Report}/attachments", new { title = "Film fra kulturskolekvelden", url = "https://video.example.org/film/1" })).EnsureSuccessStatusCode();
        (await coordinator.PostAsync($"/api/programmes/{programme}/reports/{Report}/submit", null)).EnsureSuccessStatusCode();
        (await app.ClientAs(Roles.Owner).PostAsync($"/api/programmes/{programme}/reports/{Report}/approve", null)).EnsureSuccessStatusCode();
        return programme;
    }

    private Task<ReportPublication?> PublicationAsync(Guid programme) =>
        app.WithDbAsync(db => db.ReportPublications.AsNoTracking().SingleOrDefaultAsync(p => p.ProgrammeId == programme && p.ReportKey == Report));

    private Task<long> VersionAsync() =>
        app.WithDbAsync(db => db.PublicationVersions.Where(v => v.DefinitionKey == ProgrammeSteps.DefaultDefinition).Select(v => v.Version).SingleOrDefaultAsync());

    [Fact]
    public async Task ApprovedReport_IsPublished_AsItsDefinitionSays_WithSectionsAndAttachments()
    {
        var before = await VersionAsync();
        var programme = await ApprovedReportAsync(app, "3203");

        var publication = await PublicationAsync(programme);
        Assert.NotNull(publication);
        Assert.Equal(PublicationStatus.Published, publication.Status);
        Assert.Equal("Forankringsnotat og deltakeravtale", publication.Title);
        Assert.Equal("Kommunestyret vedtok å delta.", Assert.Single(publication.Sections).Text);
        Assert.Equal("Film fra kulturskolekvelden", Assert.Single(publication.Attachments).Title);
        Assert.NotNull(publication.PublishedAt);
        Assert.True(await VersionAsync() > before);
        var journal = await TestProgrammes.JournalAsync(app, Report);
        Assert.Contains(journal, j => j.ProgrammeId == programme && j.Action == "report-published"
            && System.Text.Json.JsonDocument.Parse(j.After!).RootElement.GetProperty("automatic").GetBoolean());
    }

    [Fact]
    public async Task Owner_KeepsBack_OnlyWithALegalBasis_AndUnpublishes()
    {
        var programme = await ApprovedReportAsync(app, "3205");
        var owner = app.ClientAs(Roles.Owner);

        var missing = await owner.PostAsJsonAsync($"/api/programmes/{programme}/reports/{Report}/keep-back", new { exemptionBasis = " " });
        Assert.Equal("Hjemmel for unntak må fylles ut.", await missing.FieldErrorAsync("exemptionBasis"));
        Assert.Equal(PublicationStatus.Published, (await PublicationAsync(programme))!.Status);

        var kept = await (await owner.PostAsJsonAsync($"/api/programmes/{programme}/reports/{Report}/keep-back", new { exemptionBasis = "offentleglova § 14" })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("keptBack", kept.GetProperty("status").GetString());
        var publication = await PublicationAsync(programme);
        Assert.Equal((PublicationStatus.KeptBack, "offentleglova § 14"), (publication!.Status, publication.ExemptionBasis));

        // Nothing published: nothing to take down.
        Assert.Equal(HttpStatusCode.Conflict, (await owner.PostAsJsonAsync($"/api/programmes/{programme}/reports/{Report}/unpublish", new { note = "x" })).StatusCode);

        await (await owner.PostAsync($"/api/programmes/{programme}/reports/{Report}/publish", null)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal((PublicationStatus.Published, (string?)null), ((await PublicationAsync(programme))!.Status, (await PublicationAsync(programme))!.ExemptionBasis));

        var version = await VersionAsync();
        await (await owner.PostAsJsonAsync($"/api/programmes/{programme}/reports/{Report}/unpublish", new { note = "Feil vedlegg" })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(PublicationStatus.Unpublished, (await PublicationAsync(programme))!.Status);
        Assert.True(await VersionAsync() > version);

        var actions = (await TestProgrammes.JournalAsync(app, Report)).Where(j => j.ProgrammeId == programme).Select(j => j.Action).ToList();
        Assert.Equal(["report-published", "report-kept-back", "report-published", "report-unpublished"], actions.Where(a => a is "report-published" or "report-kept-back" or "report-unpublished"));
    }

    [Fact]
    public async Task Publishing_BeforeApproval_IsRefused_AndOnlyOwnersDecide()
    {
        var programme = await app.StartAsync("3218", TestProgrammes.Start);
        var owner = app.ClientAs(Roles.Owner);
        Assert.Equal(HttpStatusCode.Conflict, (await owner.PostAsync($"/api/programmes/{programme}/reports/{Report}/publish", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.PostAsync($"/api/programmes/{programme}/reports/finnes-ikke/publish", null)).StatusCode);

        var approved = await ApprovedReportAsync(app, "3228");
        Assert.Equal(HttpStatusCode.Forbidden, (await app.ClientAs(Roles.Coordinator, "3228").PostAsJsonAsync(
            $"/api/programmes/{approved}/reports/{Report}/unpublish", new { note = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.ClientAs(Roles.Steering).PostAsJsonAsync(
            $"/api/programmes/{approved}/reports/{Report}/keep-back", new { exemptionBasis = "offentleglova § 14" })).StatusCode);
        Assert.Equal(PublicationStatus.Published, (await PublicationAsync(approved))!.Status);
    }

    [Fact]
    public async Task Learning_IsShared_WhenTheAuthorMarksIt_AndAnOwnerApproves_AndTheMunicipalityCanWithdrawIt()
    {
        var programme = await app.StartAsync("4001", TestProgrammes.Start);
        var author = app.ClientAs(Roles.Coordinator, "4001");
        var colleague = app.ClientFor("annen-koordinator-4001", Roles.Coordinator, "4001");
        var owner = app.ClientAs(Roles.Owner);
        var entry = (await (await author.PostAsJsonAsync($"/api/programmes/{programme}/learning",
            new { stageKey = "forankring", whatWeTried = "Åpen kulturskolekveld", whatWeLearned = "Politikerne kom" })).JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var url = $"/api/programmes/{programme}/learning/{entry}";

        Assert.Equal(HttpStatusCode.Conflict, (await owner.PostAsync($"{url}/publish", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await colleague.PostAsync($"{url}/shareable", null)).StatusCode);
        await (await author.PostAsync($"{url}/shareable", null)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.Forbidden, (await author.PostAsync($"{url}/publish", null)).StatusCode);
        var published = await (await owner.PostAsync($"{url}/publish", null)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("public", published.GetProperty("sharing").GetString());
        Assert.Equal(LearningSharing.Public, await app.WithDbAsync(db => db.LearningEntries.Where(l => l.Id == entry).Select(l => l.Sharing).SingleAsync()));

        Assert.Equal(HttpStatusCode.NotFound, (await app.ClientFor("fremmed-koordinator-0301", Roles.Coordinator, "0301").PostAsync($"{url}/withdraw", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.ClientAs(Roles.Participant, "4001").PostAsync($"{url}/withdraw", null)).StatusCode);
        await (await colleague.PostAsync($"{url}/withdraw", null)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(LearningSharing.Withdrawn, await app.WithDbAsync(db => db.LearningEntries.Where(l => l.Id == entry).Select(l => l.Sharing).SingleAsync()));

        var actions = (await TestProgrammes.JournalAsync(app, $"learning:{entry}")).Select(j => j.Action).ToList();
        Assert.Equal(["learning-recorded", "learning-marked-shareable", "learning-published", "learning-withdrawn"], actions);
    }
}
