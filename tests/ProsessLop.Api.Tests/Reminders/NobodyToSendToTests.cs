using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ProsessLop.Api.Features.Reminders;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Tests.Infrastructure;

namespace ProsessLop.Api.Tests.Reminders;

/// The host with its warnings collected; no owner organisation has an address.
public sealed class LoggedApp : ProsessApp
{
    public ConcurrentQueue<(LogLevel Level, string Message)> Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddLogging(l => l.AddProvider(new Collector(Logs))));
    }

    public IEnumerable<string> Warnings => Logs.Where(l => l.Level == LogLevel.Warning).Select(l => l.Message);

    private sealed class Collector(ConcurrentQueue<(LogLevel, string)> logs) : ILoggerProvider, ILogger
    {
        public ILogger CreateLogger(string categoryName) => this;
        public void Dispose() { }
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                logs.Enqueue((logLevel, formatter(state, exception)));
            }
        }
    }
}

public sealed class NobodyToSendToTests(LoggedApp app) : ReminderSweepFixture(app), IClassFixture<LoggedApp>
{
    [Fact]
    public async Task AParticipantWithoutContacts_IsListedForOwners_AndWarnedAboutInTheLog()
    {
        // Stavanger has no contact persons at all; Haugesund has a coordinator.
        var nobody = await App.StartAsync("1103", new DateOnly(2027, 4, 19));
        await StartWithCoordinatorAsync("1106", new DateOnly(2027, 4, 19));

        await RunEachMorningAsync(new DateOnly(2027, 3, 16), new DateOnly(2027, 3, 16));

        var listed = await App.ClientAs(Roles.Owner).GetFromJsonAsync<JsonElement>("/api/reminders/nobody-to-send-to");
        var rows = listed.EnumerateArray().ToList();
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.Equal((nobody, "Stavanger"), (r.GetProperty("programmeId").GetGuid(), r.GetProperty("participantName").GetString())));
        Assert.Contains(rows, r => r.GetProperty("itemKey").GetString() == "forankre-politisk" && r.GetProperty("ruleKey").GetString() == "before-14");
        // Owners read names beside the keys: the item's name from the definition, the participant's name.
        Assert.Contains(rows, r => r.GetProperty("itemKey").GetString() == "forankre-politisk" && r.GetProperty("itemName").GetString() == "Forankre deltakelsen politisk");
        Assert.All(rows, r => Assert.False(string.IsNullOrEmpty(r.GetProperty("itemName").GetString())));
        Assert.Contains(app.Warnings, w => w.Contains("forankre-politisk", StringComparison.Ordinal) && w.Contains("Stavanger", StringComparison.Ordinal) && w.Contains("nobody to send to", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.Forbidden, (await App.ClientAs(Roles.Coordinator, "1103").GetAsync("/api/reminders/nobody-to-send-to")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await App.ClientAs(Roles.Steering).GetAsync("/api/reminders/nobody-to-send-to")).StatusCode);
    }

    [Fact]
    public async Task WithoutAnOwnerAddress_AnEscalationNeverSaysTheOwnerWasTold_AndTheHostWarnsAtStartUp()
    {
        await StartWithCoordinatorAsync("1108", new DateOnly(2027, 4, 19));
        await RunEachMorningAsync(new DateOnly(2027, 4, 7), new DateOnly(2027, 4, 7)); // 8 days late: escalation

        var escalation = await App.WithDbAsync(db => db.OutboxMessages.FirstAsync(m => m.Subject.StartsWith("Eskalering: «Forankre deltakelsen politisk»") || m.Text.Contains("på overtid")));
        Assert.Contains("på overtid", escalation.Text);
        Assert.DoesNotContain("Programeier er varslet", escalation.Text);

        Assert.Contains(app.Warnings, w => w.Contains("organisation KS ", StringComparison.Ordinal));
        Assert.Contains(app.Warnings, w => w.Contains("organisation Norsk kulturskoleråd ", StringComparison.Ordinal));
        Assert.Contains(app.Warnings, w => w.Contains("organisation nettverksleder ", StringComparison.Ordinal)); // the KS network's escalateTo
    }
}
