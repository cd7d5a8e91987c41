using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using ProsessLop.Api.Features.Learning;
using ProsessLop.Api.Features.Participants;
using ProsessLop.Api.Features.Publication;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Tests.Infrastructure;
using ProsessLop.Api.Tests.People;

namespace ProsessLop.Api.Tests.Publication;

/// The owner's `/publisering` and the municipality's sharing on `/min-kommune`: the forms send the
/// API's publication commands, so the rules, messages and journal are the API's.
public sealed class PublicationPageTests(DemoPagesApp app) : IClassFixture<DemoPagesApp>
{
    private const string Network = "ks-utviklingsnettverk";
    private const string SelfAssessment = "egenvurdering";
    private const string NetworkBasis = "offentleglova § 14 (organinterne dokument)";

    private static async Task<(HttpResponseMessage Response, string Html)> PostAsync(HttpClient client, string page, string handler, Dictionary<string, string> fields)
    {
        // The token belongs to the session, not the page: a page the person may read gives it.
        fields["__RequestVerificationToken"] = await PageClients.AntiforgeryTokenAsync(client, page == "/publisering" ? "/" : page);
        var response = await client.PostAsync($"{page}?handler={handler}", new FormUrlEncodedContent(fields));
        return (response, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
    }

    /// A network programme whose self-assessment (not public by default, no approval needed) the
    /// coordinator has submitted: kept back by the definition, waiting for the owner.
    private async Task<Guid> SubmittedSelfAssessmentAsync(string municipality, string text)
    {
        var programme = await app.StartAsync(municipality, TestProgrammes.Start, Network);
        var coordinator = app.ClientAs(Roles.Coordinator, municipality);
        (await coordinator.PutAsJsonAsync($"/api/programmes/{programme}/reports/{SelfAssessment}/sections/styrker", new { text })).EnsureSuccessStatusCode();
        (await coordinator.PostAsync($"/api/programmes/{programme}/reports/{SelfAssessment}/submit", null)).EnsureSuccessStatusCode();
        return programme;
    }

    private Task<ReportPublication?> CopyAsync(Guid programme, string reportKey) =>
        app.WithDbAsync(db => db.ReportPublications.AsNoTracking().SingleOrDefaultAsync(p => p.ProgrammeId == programme && p.ReportKey == reportKey));

    private Task<int> DecisionsAsync(Guid programme) =>
        app.WithDbAsync(db => db.JournalEntries.CountAsync(j => j.ProgrammeId == programme && j.Action.StartsWith("report-")));

    /// The part of the page between one heading and the next of the same kind.
    private static string Between(string html, string from, string to)
    {
        var start = html.IndexOf(from, StringComparison.Ordinal);
        Assert.True(start >= 0, $"«{from}» is not on the page");
        var end = html.IndexOf(to, start + from.Length, StringComparison.Ordinal);
        return end < 0 ? html[start..] : html[start..end];
    }

    /// A report's card among those waiting for a decision (other tests' programmes share the page).
    private static string? Awaiting(string html, Guid programme, string reportKey)
    {
        var heading = $"id=\"publisering-{programme}-{reportKey.Replace('#', '-')}-tittel\"";
        return html.Contains(heading, StringComparison.Ordinal) ? Between(html, heading, "</article>") : null;
    }

    /// A coordinator (or participant) the development sign-in offers: a contact linked to a demo subject.
    private async Task<HttpClient> CoordinatorOnPagesAsync(string municipality)
    {
        var subject = $"demo-koordinator-{municipality}";
        await app.WithDbAsync(async db =>
        {
            if (!await db.ContactPersons.AnyAsync(c => c.UserSubject == subject))
            {
                db.ContactPersons.Add(new ContactPerson
                {
                    Id = Guid.CreateVersion7(), ParticipantId = municipality, Name = $"Koordinator {municipality}", Email = $"koordinator@{municipality}.test",
                    GroupRole = "Kulturskoleleder", IsCoordinator = true, UserSubject = subject, CreatedAt = DateTimeOffset.UtcNow,
                });
                await db.SaveChangesAsync();
            }

            return 0;
        });
        return await app.SignedInToPagesAsync(subject);
    }

    [Fact]
    public async Task Owner_PublishesAReportAwaitingTheFirstDecision_AndTheThemePageShowsIt()
    {
        var network = await SubmittedSelfAssessmentAsync("1114", "Sterkt fagmiljø i kulturskolen.");
        Assert.Equal(PublicationStatus.KeptBack, (await CopyAsync(network, SelfAssessment))!.Status);
        // Approved before publication existed: no public copy, no decision yet.
        var older = await PublicationTests.ApprovedReportAsync(app, "3203", "Kommunestyret i Asker vedtok å delta.");
        await app.WithDbAsync(db => db.ReportPublications.Where(p => p.ProgrammeId == older).ExecuteDeleteAsync());

        var owner = await app.SignedInToPagesAsync();
        var desk = WebUtility.HtmlDecode(await owner.GetStringAsync("/publisering"));
        var awaiting = Awaiting(desk, network, SelfAssessment);
        // Names, not keys: the participant, the definition's report and stage names, the suggested basis.
        Assert.NotNull(awaiting);
        Assert.Contains("Bjerkreim: Egenvurdering før oppstart", awaiting);
        Assert.Contains("<dt>Fase</dt><dd>Forberedelse</dd>", awaiting);
        Assert.Contains($"value=\"{NetworkBasis}\"", awaiting);
        var withoutCopy = Awaiting(desk, older, PublicationTests.Report);
        Assert.NotNull(withoutCopy);
        Assert.Contains("Forankringsnotat og deltakeravtale", withoutCopy);
        Assert.Contains("Ikke vurdert for publisering", withoutCopy);
        var participantPage = $"/tema/{Network}/deltaker/1114";
        Assert.DoesNotContain("Egenvurdering før oppstart", WebUtility.HtmlDecode(await app.CreateClient().GetStringAsync(participantPage)));

        var (published, html) = await PostAsync(owner, "/publisering", "Publish", new() { ["programmeId"] = network.ToString(), ["reportKey"] = SelfAssessment });
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        Assert.Contains("Rapporten er publisert.", html);
        var copy = (await CopyAsync(network, SelfAssessment))!;
        Assert.Equal(PublicationStatus.Published, copy.Status);
        Assert.Null(Awaiting(html, network, SelfAssessment));
        Assert.Contains($"href=\"/tema/{Network}/rapport/{copy.Id}\"", html);

        var anonymous = app.CreateClient();
        Assert.Contains("Egenvurdering før oppstart", WebUtility.HtmlDecode(await anonymous.GetStringAsync(participantPage)));
        Assert.Contains("Sterkt fagmiljø i kulturskolen.", WebUtility.HtmlDecode(await anonymous.GetStringAsync($"/tema/{Network}/rapport/{copy.Id}")));

        // The one without a copy gets its first copy from the owner's decision.
        (await PostAsync(owner, "/publisering", "Publish", new() { ["programmeId"] = older.ToString(), ["reportKey"] = PublicationTests.Report })).Response.EnsureSuccessStatusCode();
        Assert.Equal(PublicationStatus.Published, (await CopyAsync(older, PublicationTests.Report))!.Status);
    }

    [Fact]
    public async Task KeepingBack_WithoutABasis_IsRefusedNextToTheField_ThenWithABasis_PublishedAndTakenDown()
    {
        var programme = await SubmittedSelfAssessmentAsync("1122", "Vi trenger flere lærere.");
        var owner = await app.SignedInToPagesAsync();
        var form = $"publisering-{programme}-{SelfAssessment}";
        var decisions = await DecisionsAsync(programme);

        var (refused, html) = await PostAsync(owner, "/publisering", "KeepBack",
            new() { ["programmeId"] = programme.ToString(), ["reportKey"] = SelfAssessment, ["exemptionBasis"] = "  " });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains($"<p class=\"field-error\" id=\"{form}-exemptionBasis-feil\">", html);
        Assert.Contains("Hjemmel for unntak må fylles ut.", html);
        Assert.Matches($"id=\"{form}-hjemmel\"[^>]*aria-invalid=\"true\"[^>]*aria-describedby=\"{form}-exemptionBasis-feil\"", html);
        var unchanged = (await CopyAsync(programme, SelfAssessment))!;
        Assert.Equal((PublicationStatus.KeptBack, NetworkBasis), (unchanged.Status, unchanged.ExemptionBasis));
        Assert.Equal(decisions, await DecisionsAsync(programme));

        var (kept, keptHtml) = await PostAsync(owner, "/publisering", "KeepBack",
            new() { ["programmeId"] = programme.ToString(), ["reportKey"] = SelfAssessment, ["exemptionBasis"] = "offentleglova § 15" });
        Assert.Equal(HttpStatusCode.OK, kept.StatusCode);
        Assert.Contains("Rapporten er holdt tilbake.", keptHtml);
        var keptBack = (await CopyAsync(programme, SelfAssessment))!;
        Assert.Equal((PublicationStatus.KeptBack, "offentleglova § 15"), (keptBack.Status, keptBack.ExemptionBasis));
        // Decided by the owner: no longer waiting, listed with its basis among those kept back.
        Assert.Null(Awaiting(keptHtml, programme, SelfAssessment));
        Assert.Contains("Holdt tilbake etter offentleglova § 15", Between(keptHtml, "Rapporter holdt tilbake eller tatt ned", "</table>"));
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient().GetAsync($"/tema/{Network}/rapport/{keptBack.Id}")).StatusCode);

        (await PostAsync(owner, "/publisering", "Publish", new() { ["programmeId"] = programme.ToString(), ["reportKey"] = SelfAssessment })).Response.EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync($"/tema/{Network}/rapport/{keptBack.Id}")).StatusCode);

        var (down, downHtml) = await PostAsync(owner, "/publisering", "Unpublish", new() { ["programmeId"] = programme.ToString(), ["reportKey"] = SelfAssessment });
        Assert.Equal(HttpStatusCode.OK, down.StatusCode);
        Assert.Contains("Rapporten er tatt ned fra temasiden.", downHtml);
        Assert.Equal(PublicationStatus.Unpublished, (await CopyAsync(programme, SelfAssessment))!.Status);
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient().GetAsync($"/tema/{Network}/rapport/{keptBack.Id}")).StatusCode);
        Assert.Equal(["report-kept-back", "report-kept-back", "report-published", "report-unpublished"],
            (await TestProgrammes.JournalAsync(app, SelfAssessment)).Where(j => j.ProgrammeId == programme && j.Action.StartsWith("report-", StringComparison.Ordinal)).Select(j => j.Action));
    }

    /// A crafted NUL in the legal basis (multipart carries it as it is) stops at the input boundary.
    [Fact]
    public async Task Nul_InTheLegalBasis_Gets400NamingTheField_AndChangesNothing()
    {
        var programme = await SubmittedSelfAssessmentAsync("1127", "Åpent for alle.");
        var owner = await app.SignedInToPagesAsync();
        var decisions = await DecisionsAsync(programme);
        using var form = new MultipartFormDataContent
        {
            { new StringContent(await PageClients.AntiforgeryTokenAsync(owner, "/publisering")), "__RequestVerificationToken" },
            { new StringContent(programme.ToString()), "programmeId" },
            { new StringContent(SelfAssessment), "reportKey" },
            { new StringContent("offentleglova \u0000§ 14"), "exemptionBasis" },
        };

        var response = await owner.PostAsync("/publisering?handler=KeepBack", form);

        Assert.False(string.IsNullOrWhiteSpace(await response.FieldErrorAsync("exemptionBasis")));
        Assert.Equal(NetworkBasis, (await CopyAsync(programme, SelfAssessment))!.ExemptionBasis);
        Assert.Equal(decisions, await DecisionsAsync(programme));
    }

    [Fact]
    public async Task Coordinator_IsRefusedThePublicationPage_AndCannotPostToIt()
    {
        var programme = await SubmittedSelfAssessmentAsync("1124", "Lite å skjule.");
        var coordinator = await CoordinatorOnPagesAsync("1124");

        Assert.Equal(HttpStatusCode.Forbidden, (await coordinator.GetAsync("/publisering")).StatusCode);
        var (publish, _) = await PostAsync(coordinator, "/publisering", "Publish", new() { ["programmeId"] = programme.ToString(), ["reportKey"] = SelfAssessment });
        Assert.Equal(HttpStatusCode.Forbidden, publish.StatusCode);
        var (keepBack, _) = await PostAsync(coordinator, "/publisering", "KeepBack",
            new() { ["programmeId"] = programme.ToString(), ["reportKey"] = SelfAssessment, ["exemptionBasis"] = "offentleglova § 15" });
        Assert.Equal(HttpStatusCode.Forbidden, keepBack.StatusCode);

        var copy = (await CopyAsync(programme, SelfAssessment))!;
        Assert.Equal((PublicationStatus.KeptBack, NetworkBasis), (copy.Status, copy.ExemptionBasis));
    }

    [Fact]
    public async Task Coordinator_SharesOwnLearning_OwnerApproves_AndTheMunicipalityWithdrawsIt_ButNoOtherMunicipality()
    {
        var programme = await app.StartAsync("4001", TestProgrammes.Start);
        var author = await CoordinatorOnPagesAsync("4001");
        var entry = (await (await app.ClientFor("demo-koordinator-4001", Roles.Coordinator, "4001").PostAsJsonAsync($"/api/programmes/{programme}/learning",
            new { stageKey = "forankring", whatWeTried = "Åpen kulturskolekveld", whatWeLearned = "Politikerne kom når elevene spilte" })).JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        Task<LearningSharing> SharingAsync() => app.WithDbAsync(db => db.LearningEntries.Where(l => l.Id == entry).Select(l => l.Sharing).SingleAsync());
        var fields = () => new Dictionary<string, string> { ["programmeId"] = programme.ToString(), ["learningId"] = entry.ToString() };

        var own = WebUtility.HtmlDecode(await author.GetStringAsync("/min-kommune"));
        Assert.Contains("Ikke delt.", own);
        Assert.Contains("Merk som delbar", own);
        var (marked, markedHtml) = await PostAsync(author, "/min-kommune", "ShareLearning", fields());
        Assert.Equal(HttpStatusCode.OK, marked.StatusCode);
        Assert.Contains("Erfaringen er merket som delbar.", markedHtml);
        Assert.Equal(LearningSharing.Shareable, await SharingAsync());

        var owner = await app.SignedInToPagesAsync();
        Assert.Contains("Politikerne kom når elevene spilte", Between(WebUtility.HtmlDecode(await owner.GetStringAsync("/publisering")), "Erfaringer som venter på godkjenning", "Publiserte erfaringer"));
        (await PostAsync(owner, "/publisering", "ApproveLearning", fields())).Response.EnsureSuccessStatusCode();
        Assert.Equal(LearningSharing.Public, await SharingAsync());
        const string publicPage = $"/tema/{ProgrammeSteps.DefaultDefinition}/deltaker/4001";
        Assert.Contains("Politikerne kom når elevene spilte", WebUtility.HtmlDecode(await app.CreateClient().GetStringAsync(publicPage)));

        var shared = WebUtility.HtmlDecode(await author.GetStringAsync("/min-kommune"));
        Assert.Contains($"href=\"{publicPage}#erfaring-{entry}\"", shared);
        Assert.Contains("Trekk tilbake", shared);

        // Another municipality's coordinator does not even see the programme.
        await app.StartAsync("0301", TestProgrammes.Start);
        var stranger = await CoordinatorOnPagesAsync("0301");
        Assert.DoesNotContain("Politikerne kom når elevene spilte", WebUtility.HtmlDecode(await stranger.GetStringAsync("/min-kommune")));
        var (refused, _) = await PostAsync(stranger, "/min-kommune", "ShareLearning", new(fields()) { ["withdraw"] = "true" });
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.Equal(LearningSharing.Public, await SharingAsync());

        var (withdrawn, withdrawnHtml) = await PostAsync(author, "/min-kommune", "ShareLearning", new(fields()) { ["withdraw"] = "true" });
        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        Assert.Contains("Erfaringen er trukket tilbake", withdrawnHtml);
        Assert.Equal(LearningSharing.Withdrawn, await SharingAsync());
        Assert.DoesNotContain("Politikerne kom når elevene spilte", WebUtility.HtmlDecode(await app.CreateClient().GetStringAsync(publicPage)));
        Assert.Equal(["learning-recorded", "learning-marked-shareable", "learning-published", "learning-withdrawn"],
            (await TestProgrammes.JournalAsync(app, $"learning:{entry}")).Select(j => j.Action));
    }
}
