using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ProsessLop.Api.Features.Demo;
using ProsessLop.Api.Tests.Infrastructure;
using ProsessLop.Workflow.Engine;

namespace ProsessLop.Api.Tests.Foundation;

public sealed class DemoDataTests(ProsessApp app) : IClassFixture<ProsessApp>
{
    private async Task<bool> SeedAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DemoData>().SeedAsync();
    }

    [Fact]
    public async Task DemoData_SeedsThePilotCohort_OnceOnly_WithEveryColour()
    {
        Assert.True(await SeedAsync());
        Assert.False(await SeedAsync());

        var programmes = await app.WithDbAsync(db => db.Programmes.AsNoTracking().ToListAsync());
        var pilot = programmes.Where(p => p.DefinitionKey == DemoData.PilotDefinition).ToList();
        Assert.Equal(16, pilot.Count);
        Assert.Equal(2, pilot.Count(p => p.Status == ProgrammeStatus.Withdrawn));
        Assert.Equal(2, programmes.Count(p => p.DefinitionKey == DemoData.NetworkDefinition));
        Assert.Contains(pilot, p => p.AwaitingReview > 0);
        var health = pilot.Select(p => p.Health).Distinct().ToList();
        Assert.Contains(Health.Late, health);
        Assert.Contains(Health.Withdrawn, health);
        Assert.True(health.Count >= 3, $"Only {string.Join(", ", health)}");

        // Each step went through the commands: the journal holds them.
        Assert.True(await app.WithDbAsync(db => db.JournalEntries.CountAsync()) > 16 * 5);
        Assert.Equal(32, await app.WithDbAsync(db => db.ContactPersons.CountAsync(c => c.UserSubject != null)));

        // The theme page has something to show: Asker ran the whole programme, its final report
        // and film are published, and some learning is shared.
        Assert.Equal(ProgrammeStatus.Completed, pilot.Single(p => p.ParticipantId == DemoData.FinishedMunicipality).Status);
        var final = await app.WithDbAsync(db => db.ReportPublications.AsNoTracking()
            .SingleAsync(p => p.ParticipantId == DemoData.FinishedMunicipality && p.ReportKey == "sluttrapport"));
        Assert.Equal(Api.Features.Publication.PublicationStatus.Published, final.Status);
        Assert.Contains(final.Attachments, a => a.Title.StartsWith("Film", StringComparison.Ordinal));
        Assert.True(await app.WithDbAsync(db => db.LearningEntries.CountAsync(l => l.Sharing == Api.Features.Learning.LearningSharing.Public)) >= 2);
        var page = System.Net.WebUtility.HtmlDecode(await app.CreateClient().GetStringAsync("/tema/fremtidens-kulturskole"));
        Assert.Contains("Sluttrapport", page);
        Assert.Contains("Samskaping tar tid", page);

        // And the recommendations to KS and Norsk kulturskoleråd, reviewed by a second owner and
        // published, citing Asker's final report.
        Assert.Contains(DemoRecommendations.Title, page);
        var recommendations = System.Net.WebUtility.HtmlDecode(await app.CreateClient().GetStringAsync("/tema/fremtidens-kulturskole/anbefalinger"));
        Assert.Contains("Gi samskaping, uttesting og læring tid", recommendations);
        Assert.Contains($"/tema/fremtidens-kulturskole/rapport/{final.Id}", recommendations);
        Assert.Contains("/tema/fremtidens-kulturskole/deltaker/3203#erfaring-", recommendations);
    }
}
