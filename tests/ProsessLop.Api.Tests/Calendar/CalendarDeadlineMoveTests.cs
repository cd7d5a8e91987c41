using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Tests.Infrastructure;

namespace ProsessLop.Api.Tests.Calendar;

/// A v2 of the default definition where the Kartleggingsrapport is due a week later.
public sealed class ProsessAppWithLaterMapping : ProsessApp
{
    private readonly string _workflows = TestWorkflows.WithV2(v2 =>
        v2["stages"]![1]!["reports"]!.AsArray().Single(r => r!["key"]!.GetValue<string>() == "kartleggingsrapport")!["deadline"]!["weeks"] = 9);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Workflows:Directory", _workflows);
    }
}

public sealed class CalendarDeadlineMoveTests(ProsessAppWithLaterMapping app) : IClassFixture<ProsessAppWithLaterMapping>
{
    [Fact]
    public async Task WhenADeadlineMoves_TheEventKeepsItsUid_AndMovesWithIt()
    {
        var programme = await app.StartAsync("1804", TestProgrammes.Start);
        var created = await (await app.ClientAs(Roles.Owner).PostAsJsonAsync("/api/calendar-feeds", new { kind = "participant", participantId = "1804" }))
            .JsonAsync(HttpStatusCode.Created);
        var path = new Uri(created.GetProperty("url").GetString()!).AbsolutePath;
        var uid = $"{programme}-report-kartleggingsrapport@prosesslop";
        var before = Ical.Net.Calendar.Load(await app.CreateClient().GetStringAsync(path))!.Events.Single(e => e.Uid == uid);

        app.Clock.Advance(TimeSpan.FromMinutes(2));
        var migrated = await app.ClientAs(Roles.Owner).PostAsJsonAsync($"/api/programmes/{programme}/migration", new { targetVersion = 2, apply = true });
        Assert.Equal(HttpStatusCode.OK, migrated.StatusCode);
        var after = Ical.Net.Calendar.Load(await app.CreateClient().GetStringAsync(path))!.Events.Single(e => e.Uid == uid);

        Assert.Equal(before.DtStart!.Date.AddDays(7), after.DtStart!.Date);
        Assert.True(after.Sequence > before.Sequence);
        Assert.True(after.DtStamp!.Value > before.DtStamp!.Value);
        var due = (await app.ClientAs(Roles.Owner).DetailAsync(programme)).Report("kartleggingsrapport").GetProperty("due").GetString();
        Assert.Equal(due, after.DtStart.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
    }
}
