using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using ProsessLop.Api.Features.Definitions;
using ProsessLop.Api.Features.StatusReports;
using ProsessLop.Api.Infrastructure.Errors;

namespace ProsessLop.Pages.Tests;

/// The server-rendered pages in a real Chromium: people's flows, access, validation, and
/// axe-core's WCAG 2.1 A/AA rules on every page.
public sealed partial class PageTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string Owner = "demo-owner";
    private const string Steering = "demo-steering";

    [Fact]
    public async Task EveryPage_HasNoSeriousOrCriticalAccessibilityViolations()
    {
        var first = await app.SendAsync<Result<StatusReportView>>(new CompileStatus("fremtidens-kulturskole"));
        var second = await app.SendAsync<Result<StatusReportView>>(new CompileStatus("fremtidens-kulturskole"));
        Assert.True(first.Succeeded && second.Succeeded);
        // A new version of the running programme's definition: its publish page shows the impact on it.
        var newVersion = await app.SendAsync<Result<DraftView>>(new StartDraft("fremtidens-kulturskole", null, 1, null));
        Assert.True(newVersion.Succeeded);

        // A studio draft with a problem, so the editor's error summary and field messages are checked too.
        var draft = await app.SendAsync<Result<DraftView>>(new StartDraft("axe-studio", "Tilgjengelighetsprøve", null, null));
        var broken = System.Text.Json.Nodes.JsonNode.Parse(draft.Value!.Definition.GetRawText())!;
        broken["stages"]![0]!["endWeek"] = 0;
        Assert.True((await app.SendAsync<Result<DraftView>>(new SaveDraft(draft.Value.Id, broken.ToJsonString()))).Succeeded);
        var studio = $"/studio/utkast/{draft.Value.Id}";

        await using (var anonymous = await Session.OpenAsync(app))
        {
            await anonymous.GotoAsync("/logg-inn");
            await anonymous.AssertAccessibleAsync("logg-inn");
        }

        await using (var owner = await Session.OpenAsync(app))
        {
            await owner.SignInAsync(Owner);
            foreach (var (path, name) in new[]
            {
                ("/oversikt", "oversikt"), ("/til-vurdering", "til-vurdering"), ("/publisering", "publisering"), ("/laering", "laering"), ("/laering?q=samarbeid", "laering-sok"),
                ("/statusrapporter", "statusrapporter"), ($"/statusrapport/{second.Value!.Id}", "statusrapport"), ("/min-kommune", "min-kommune-programeier"),
                ($"/deltaker/{app.OwnProgramme}", "deltaker"), ("/tilgang", "tilgang"), ($"/tilgang/{BrowserApp.Municipality}", "tilgang-deltaker-programeier"),
                ("/meg", "meg-demo"), ("/hangfire", "hangfire-programeier"),
                ("/studio", "studio"), ("/studio/nytt", "studio-nytt"), ($"/studio/utkast/{newVersion.Value!.Id}/endringer", "studio-endringer"),
                ($"/studio/utkast/{newVersion.Value!.Id}/publiser", "studio-publiser"), ("/studio/fremtidens-kulturskole/1/flytt", "studio-flytt"),
                (studio, "studio-utkast"), ($"{studio}/fase/oppstart", "studio-fase"), ($"{studio}/innstillinger", "studio-innstillinger"), ($"{studio}/json", "studio-json"),
                ("/anbefalinger", "anbefalinger"), ("/anbefalinger/fremtidens-kulturskole", "anbefalinger-redigering"),
            })
            {
                var response = await owner.GotoAsync(path);
                Assert.True(response.Ok, $"{path} answered {response.Status}");
                if (path == "/hangfire")
                {
                    // Hangfire's own dashboard: owners reach it with the page cookie; its markup is Hangfire's, not ours.
                    continue;
                }

                Assert.Equal(1, await owner.Page.Locator("h1").CountAsync());
                await owner.AssertAccessibleAsync(name);
            }

            // The recommendations editor with its error summary and a message next to a field (the save is refused: nothing changes).
            await owner.GotoAsync("/anbefalinger/fremtidens-kulturskole");
            await owner.Page.GetByLabel("Tittel på dokumentet").FillAsync("");
            await owner.Page.GetByRole(AriaRole.Button, new() { Name = "Lagre", Exact = true }).ClickAsync();
            await Assertions.Expect(owner.Page.Locator(".error-summary")).ToBeVisibleAsync();
            await Assertions.Expect(owner.Page.GetByLabel("Tittel på dokumentet")).ToHaveAttributeAsync("aria-invalid", "true");
            await owner.AssertAccessibleAsync("anbefalinger-feil");

            // The comparison with the compilation before is there; the learning snippet is text, not markup.
            await owner.GotoAsync($"/statusrapport/{second.Value!.Id}");
            await Assertions.Expect(owner.Page.GetByText("Sammenlignet med sammenstillingen")).ToBeVisibleAsync();
        }

        await using var coordinator = await Session.OpenAsync(app);
        await coordinator.SignInAsync(BrowserApp.CoordinatorKey);
        await coordinator.GotoAsync("/min-kommune");
        await coordinator.AssertAccessibleAsync("min-kommune");
        await coordinator.GotoAsync("/laering");
        await coordinator.AssertAccessibleAsync("laering-koordinator");

        // The check itself can fail: an unlabelled field on a page without a language is reported.
        await coordinator.Page.SetContentAsync("<html><body><input type=text></body></html>");
        Assert.Contains(await coordinator.ViolationsAsync(), v => v.StartsWith("label", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheStrictCsp_RefusesInlineScriptAndStyle_AndFraming_AndTheTestsNoticeIt()
    {
        await using var owner = await Session.OpenAsync(app);
        await owner.SignInAsync(Owner);
        var page = owner.Page;
        await page.GotoAsync("/oversikt");
        Assert.Empty(owner.CspViolations);

        // What an injected script or style would do: refused, and reported to the test.
        await page.EvaluateAsync("""
            () => {
              const script = document.createElement('script');
              script.textContent = 'window.injected = true';
              document.body.append(script);
              const style = document.createElement('style');
              style.textContent = 'body { display: none }';
              document.head.append(style);
            }
            """);
        var violations = await owner.WaitForCspViolationsAsync();
        Assert.Contains(violations, v => v.Contains("script-src", StringComparison.Ordinal));
        Assert.False(await page.EvaluateAsync<bool>("() => window.injected === true"));
        await Assertions.Expect(page.Locator("main")).ToBeVisibleAsync();
        owner.ClearCspViolations();

        // The approval page cannot be framed by another site (a page without any policy here).
        await page.GotoAsync("about:blank");
        await page.SetContentAsync($"<iframe src=\"{app.BaseUrl}/til-vurdering\" title=\"ramme\"></iframe>");
        // SetContent waits for the load event, which waits for the frame: it has settled, on
        // Chromium's error page instead of ours.
        var frame = page.Frames.Single(f => f != page.MainFrame);
        Assert.StartsWith("chrome-error:", frame.Url, StringComparison.Ordinal);
        Assert.DoesNotContain("ProsessLøp", await frame.ContentAsync(), StringComparison.Ordinal);
        owner.ClearCspViolations();

        // The API reference runs under its nonce, without a violation (checked when the session ends).
        await page.GotoAsync("/scalar");
        // A 5 MB bundle that renders the document it fetches: slow on a busy machine.
        // The document's title as its heading: the bundle ran and rendered what it fetched.
        await Assertions.Expect(page.Locator("h1", new() { HasText = "ProsessLop" }).First).ToBeVisibleAsync(new() { Timeout = 30_000 });
    }

    [Fact]
    public async Task Coordinator_CompletesTaskAndSubmitsReport_OwnerApprovesIt_OverviewShowsIt()
    {
        await using (var coordinator = await Session.OpenAsync(app))
        {
            await coordinator.SignInAsync(BrowserApp.CoordinatorKey);
            var page = coordinator.Page;
            await page.GotoAsync("/min-kommune");
            await Assertions.Expect(page.Locator("h2", new() { HasText = "Oslo" })).ToBeVisibleAsync();

            var row = page.Locator("tr", new() { Has = page.GetByRole(AriaRole.Rowheader, new() { Name = "Utpeke kontaktperson for programmet" }) });
            await row.GetByRole(AriaRole.Button, new() { Name = "Fullfør" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Oppgaven er fullført.");
            await Assertions.Expect(row.GetByRole(AriaRole.Cell, new() { Name = "Fullført", Exact = true })).ToBeVisibleAsync();
            await Assertions.Expect(row.GetByRole(AriaRole.Button, new() { Name = "Gjenåpne" })).ToBeVisibleAsync();

            await page.GetByLabel("Administrativ og politisk forankring").FillAsync("Saken var i formannskapet 3. mars.");
            await page.GetByLabel("Kommunegruppens sammensetning").FillAsync("Kulturskoleleder, rektor, en fra helse og to politikere.");
            await page.GetByLabel("Kommunens forventninger til programmet").FillAsync("En kulturskole som når alle barn.");
            await page.GetByRole(AriaRole.Button, new() { Name = "Send inn" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Rapporten er sendt inn");
            await Assertions.Expect(page.GetByText("Sendt inn, venter på vurdering")).ToBeVisibleAsync();
        }

        await using var owner = await Session.OpenAsync(app);
        await owner.SignInAsync(Owner);
        var ownerPage = owner.Page;
        Assert.Equal("1", await OsloAwaitingReviewAsync(ownerPage));

        await ownerPage.GotoAsync("/til-vurdering");
        var report = ownerPage.Locator("section", new() { Has = ownerPage.GetByRole(AriaRole.Heading, new() { Name = "Oslo: Forankringsnotat og deltakeravtale" }) });
        await Assertions.Expect(report.GetByText("Saken var i formannskapet 3. mars.")).ToBeVisibleAsync();
        await report.GetByRole(AriaRole.Button, new() { Name = "Godkjenn" }).ClickAsync();
        await Assertions.Expect(ownerPage.GetByRole(AriaRole.Status)).ToContainTextAsync("Rapporten er godkjent.");
        await Assertions.Expect(ownerPage.GetByRole(AriaRole.Heading, new() { Name = "Oslo: Forankringsnotat og deltakeravtale" })).ToHaveCountAsync(0);

        Assert.Equal("0", await OsloAwaitingReviewAsync(ownerPage));
        var approved = await app.WithDbAsync(db => db.JournalEntries.CountAsync(j => j.ProgrammeId == app.OwnProgramme && j.Action == "ApproveReport" && j.ActorId == Owner));
        Assert.Equal(1, approved);
    }

    [Fact]
    public async Task EmptyRequiredFields_ShowNorwegianMessagesNextToThem()
    {
        await using var coordinator = await Session.OpenAsync(app);
        await coordinator.SignInAsync(BrowserApp.CoordinatorKey);
        var page = coordinator.Page;
        await page.GotoAsync("/min-kommune");
        await page.GetByRole(AriaRole.Button, new() { Name = "Registrer avvik" }).ClickAsync();

        var description = page.GetByLabel("Beskrivelse (må fylles ut)");
        await Assertions.Expect(description).ToHaveAttributeAsync("aria-invalid", "true");
        var describedBy = await description.GetAttributeAsync("aria-describedby");
        var message = page.Locator($"#{describedBy}");
        await Assertions.Expect(message).ToContainTextAsync("Beskrivelse");
        await Assertions.Expect(page.Locator($"#{await page.GetByLabel("Frist (må fylles ut)").GetAttributeAsync("aria-describedby")}"))
            .ToHaveTextAsync(FristMessage());
        await coordinator.AssertAccessibleAsync("min-kommune-feil");
        Assert.Equal(0, await app.WithDbAsync(db => db.Deviations.CountAsync(d => d.ProgrammeId == app.OwnProgramme)));

        // The owner's return comment is required, and says so next to the field.
        await using var owner = await Session.OpenAsync(app);
        await owner.SignInAsync(Owner);
        await owner.Page.GotoAsync("/til-vurdering");
        var send = owner.Page.GetByRole(AriaRole.Button, new() { Name = "Send tilbake" }).First;
        await send.ClickAsync();
        var comment = owner.Page.GetByLabel("Kommentar til deltakeren").And(owner.Page.Locator("[aria-invalid=true]"));
        await Assertions.Expect(owner.Page.Locator($"#{await comment.GetAttributeAsync("aria-describedby")}")).ToContainTextAsync("Skriv en kommentar");
        await owner.AssertAccessibleAsync("til-vurdering-feil");
    }

    [Fact]
    public async Task Coordinator_CannotChange_AnotherMunicipalitysProgramme()
    {
        var foreign = await app.WithDbAsync(db => db.Programmes.Where(p => p.ParticipantId != BrowserApp.Municipality).Select(p => p.Id).FirstAsync());
        await using var coordinator = await Session.OpenAsync(app);
        await coordinator.SignInAsync(BrowserApp.CoordinatorKey);
        var page = coordinator.Page;
        await page.GotoAsync("/min-kommune");
        Assert.DoesNotContain(foreign.ToString(), await page.ContentAsync(), StringComparison.Ordinal);
        Assert.Equal(404, (await page.GotoAsync($"/deltaker/{foreign}"))!.Status);
        // A Norwegian page, not the API's JSON (the same answer as for an id that does not exist).
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Fant ikke siden" })).ToBeVisibleAsync();
        await coordinator.AssertAccessibleAsync("feil-404");
        Assert.Equal(200, (await page.GotoAsync($"/deltaker/{app.OwnProgramme}"))!.Status);
        await coordinator.AssertAccessibleAsync("deltaker-koordinator");
        await page.GotoAsync("/min-kommune");

        // The real form with its antiforgery token, pointed at another municipality's programme.
        var form = page.Locator("form", new() { Has = page.GetByRole(AriaRole.Button, new() { Name = "Registrer avvik" }) });
        await form.Locator("input[name=programmeId]").EvaluateAsync("(e, id) => e.value = id", foreign.ToString());
        await form.Locator("textarea[name=description]").FillAsync("Forsøk på å endre en annen kommune");
        await form.Locator("input[name=owner]").FillAsync("Noen");
        await form.Locator("input[name=deadline]").FillAsync("2030-01-01");
        var response = await page.RunAndWaitForResponseAsync(() => form.GetByRole(AriaRole.Button, new() { Name = "Registrer avvik" }).ClickAsync(),
            r => r.Request.Method == "POST");
        Assert.Equal(404, response.Status);
        Assert.Equal(0, await app.WithDbAsync(db => db.Deviations.CountAsync(d => d.ProgrammeId == foreign && d.Description.StartsWith("Forsøk"))));

        // Its own calendar feed: the subscription URL is shown once.
        await page.GotoAsync("/min-kommune");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lag kalender for Oslo" }).ClickAsync();
        Assert.Matches("/calendar/[^/]+\\.ics$", await page.GetByLabel("Adressen til kalenderen din").InputValueAsync());
        await page.GotoAsync("/min-kommune");
        await Assertions.Expect(page.GetByLabel("Adressen til kalenderen din")).ToHaveCountAsync(0);

        // Status reports are for owners and the steering group: the page and the download are refused.
        var snapshot = await app.SendAsync<Result<StatusReportView>>(new CompileStatus("fremtidens-kulturskole"));
        var csv = await page.APIRequest.GetAsync($"/statusrapport/{snapshot.Value!.Id}/csv", new() { MaxRedirects = 0 });
        Assert.NotEqual(200, csv.Status);
        await page.GotoAsync("/statusrapporter");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Ingen tilgang" })).ToBeVisibleAsync();

        await using var steering = await Session.OpenAsync(app);
        await steering.SignInAsync(Steering);
        var download = await steering.Page.APIRequest.GetAsync($"/statusrapport/{snapshot.Value!.Id}/csv");
        Assert.Equal(200, download.Status);
        Assert.StartsWith("text/csv", download.Headers["content-type"], StringComparison.Ordinal);
        Assert.Contains("Deltaker;", await download.TextAsync(), StringComparison.Ordinal);
        var xlsx = await steering.Page.APIRequest.GetAsync($"/statusrapport/{snapshot.Value!.Id}/xlsx");
        Assert.Equal(200, xlsx.Status);
        Assert.Equal((byte)'P', (await xlsx.BodyAsync())[0]);
    }

    private static async Task<string> OsloAwaitingReviewAsync(IPage page)
    {
        await page.GotoAsync("/oversikt");
        var row = page.Locator("tr", new() { Has = page.GetByRole(AriaRole.Rowheader, new() { Name = "Oslo", Exact = true }) });
        return (await row.Locator("td").Last.TextContentAsync())!.Trim();
    }

    [GeneratedRegex("Frist må fylles ut")]
    private static partial Regex FristMessage();
}
