using Microsoft.Playwright;
using ProsessLop.Api.Features.Definitions;
using ProsessLop.Api.Infrastructure.Errors;
using ProsessLop.Api.Pages.Studio;

namespace ProsessLop.Pages.Tests;

public sealed partial class PageTests
{
    /// The studio's diagram and calendar for a draft of the default definition: axe finds nothing
    /// serious, the calendar's start date is entered with the keyboard, and at a phone's width
    /// neither page is wider than the screen (the drawing and the tables scroll in their boxes).
    [Fact]
    public async Task StudioDiagramAndCalendar_AreAccessible_TakeAStartDate_AndFitAPhone()
    {
        var draft = await app.SendAsync<Result<DraftView>>(new StartDraft("fremtidens-kulturskole", null, 1, null));
        Assert.True(draft.Succeeded, draft.Error?.Detail);
        var id = draft.Value!.Id;

        await using (var owner = await Session.OpenAsync(app))
        {
            await owner.SignInAsync(Owner);
            Assert.True((await owner.GotoAsync(StudioLinks.Diagram(id))).Ok);
            Assert.Equal(1, await owner.Page.Locator("h1").CountAsync());
            await Assertions.Expect(owner.Page.GetByRole(AriaRole.Img, new() { Name = "Diagram over «Fremtidens kulturskole»" })).ToBeVisibleAsync();
            await owner.AssertAccessibleAsync("studio-diagram");

            await owner.GotoAsync(StudioLinks.Calendar(id));
            await owner.Page.GetByLabel("Startdato").FillAsync("2027-03-22");
            await owner.Page.GetByLabel("Startdato").PressAsync("Enter");
            await Assertions.Expect(owner.Page.GetByRole(AriaRole.Heading, new() { Name = "Fra mandag 22.03.2027 (uke 12)" })).ToBeVisibleAsync();
            Assert.Contains("start=2027-03-22", owner.Page.Url);
            await owner.AssertAccessibleAsync("studio-kalender");

            await owner.GotoAsync($"{StudioLinks.Calendar(id)}?start=31.02.2027");
            await Assertions.Expect(owner.Page.GetByLabel("Startdato")).ToHaveAttributeAsync("aria-invalid", "true");
            await owner.AssertAccessibleAsync("studio-kalender-feil");
        }

        const int phone = 390;
        await using var small = await Session.OpenAsync(app, phone);
        await small.SignInAsync(Owner);
        var problems = new List<string>();
        foreach (var path in new[] { StudioLinks.Diagram(id), $"{StudioLinks.Calendar(id)}?start=2027-03-22" })
        {
            problems.AddRange(await TooWideAsync(small.Page, path, phone));
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
