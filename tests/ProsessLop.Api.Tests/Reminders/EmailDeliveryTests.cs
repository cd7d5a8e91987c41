using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Hangfire;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using netDumbster.smtp;
using ProsessLop.Api.Features.Notifications;
using ProsessLop.Api.Features.Participants;
using ProsessLop.Api.Features.Reminders;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Tests.Infrastructure;

namespace ProsessLop.Api.Tests.Reminders;

/// The host sending to a real SMTP server on loopback (netDumbster), owners of KS configured.
public sealed class SmtpApp : ProsessApp
{
    public int SmtpPort { get; } = FreePort();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Email:SmtpHost", "127.0.0.1");
        builder.UseSetting("Email:SmtpPort", SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Email:UseStartTls", "false");
        builder.UseSetting("Email:MaxAttempts", "3");
        builder.UseSetting("Email:BaseUrl", "https://prosesslop.example");
        builder.UseSetting("Email:Organisations:KS:0", "programeier@ks.example");
        builder.UseSetting("Email:Organisations:nettverksleder:0", "nettverksleder@ks.example");
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

public static class ReminderSetup
{
    /// A programme starting Monday 19 April 2027 with a coordinator and an assignee for
    /// "forankre-politisk" (due Tuesday 30 March 2027; 14 days before is Tuesday 16 March).
    public static async Task<Guid> ProgrammeWithPeopleAsync(this ProsessApp app, string municipality)
    {
        var programme = await app.StartAsync(municipality, new DateOnly(2027, 4, 19));
        var ids = await app.WithDbAsync(async db =>
        {
            var coordinator = Person(municipality, "Kari Koordinator", $"kari.{municipality}@kommune.test", coordinator: true);
            var assignee = Person(municipality, "Ola Oppgave", $"ola.{municipality}@kommune.test", coordinator: false);
            db.ContactPersons.AddRange(coordinator, assignee);
            await db.SaveChangesAsync();
            return assignee.Id;
        });
        var assigned = await app.ClientAs(Roles.Owner).PutAsJsonAsync($"/api/programmes/{programme}/tasks/forankre-politisk/assignee", new { contactPersonId = ids });
        Assert.Equal(HttpStatusCode.OK, assigned.StatusCode);
        return programme;
    }

    public static void MorningOf(this ProsessApp app, DateOnly day) =>
        app.Clock.SetUtcNow(new DateTimeOffset(day.Year, day.Month, day.Day, 6, 0, 0, TimeSpan.Zero));

    private static ContactPerson Person(string participant, string name, string email, bool coordinator) => new()
    {
        Id = Guid.CreateVersion7(), ParticipantId = participant, Name = name, Email = email, GroupRole = "Kommunegruppe",
        IsCoordinator = coordinator, UserSubject = coordinator ? $"kari-{participant}" : null, CreatedAt = DateTimeOffset.UtcNow,
    };
}

public sealed class EmailDeliveryTests(SmtpApp app) : IClassFixture<SmtpApp>
{
    // netDumbster keeps SMTP dot-stuffing ("\r\n..") in the data it stores; undo it as a server would.
    internal static MimeMessage Parse(SmtpMessage message) =>
        MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes((message.Data ?? "").Replace("\r\n..", "\r\n.", StringComparison.Ordinal))));

    [Fact]
    public async Task Reminder_ArrivesAtTheSmtpServer_InNorwegian_ToAssigneeAndCoordinator_AndRetriesAfterAnOutage()
    {
        var programme = await app.ProgrammeWithPeopleAsync("1119");
        app.MorningOf(new DateOnly(2027, 3, 16));
        var run = await app.SendAsync<ReminderRun>(new SendDueReminders());
        Assert.True(run.Reminders > 0);

        // The SMTP server is down at first: the relay records the failure and backs off.
        var down = await app.SendAsync<RelayResult>(new RelayOutbox());
        Assert.Equal(0, down.Sent);
        Assert.True(down.Failed > 0);
        var waiting = await app.WithDbAsync(db => db.OutboxMessages.Where(m => m.SentAt == null).ToListAsync());
        Assert.All(waiting, m => Assert.Equal((1, false), (m.Attempts, string.IsNullOrEmpty(m.LastError))));
        Assert.All(waiting, m => Assert.True(m.NextAttemptAt > app.Clock.GetUtcNow()));

        using var smtp = SimpleSmtpServer.Start(app.SmtpPort);
        Assert.Equal(0, (await app.SendAsync<RelayResult>(new RelayOutbox())).Sent); // not due yet
        app.Clock.Advance(TimeSpan.FromMinutes(2));
        var up = await app.SendAsync<RelayResult>(new RelayOutbox());
        Assert.Equal(waiting.Count, up.Sent);

        // Each person gets one mail from the sweep: the assignee hers, the coordinator a digest.
        var received = smtp.ReceivedEmail.Select(Parse).ToList();
        var mail = Assert.Single(received, m => m.To.Mailboxes.Any(a => a.Address == "ola.1119@kommune.test"));
        Assert.Equal("Påminnelse: «Forankre deltakelsen politisk» har frist 30.03.2027", mail.Subject);
        Assert.Equal(["ola.1119@kommune.test"], mail.To.Mailboxes.Select(m => m.Address));
        Assert.Contains("har frist 30.03.2027 (14 dager igjen, 7 arbeidsdager)", mail.TextBody ?? "");
        var digest = Assert.Single(received, m => m.To.Mailboxes.Any(a => a.Address == "kari.1119@kommune.test"));
        Assert.Contains("«Forankre deltakelsen politisk» for Hå har frist 30.03.2027", digest.TextBody ?? "");
        Assert.Contains($"https://prosesslop.example/deltaker/{programme}", mail.TextBody);
        Assert.Contains("<html lang=\"nb\">", mail.HtmlBody);

        // Sent once: another relay finds nothing.
        Assert.Equal(0, (await app.SendAsync<RelayResult>(new RelayOutbox())).Sent);
    }

    [Fact]
    public async Task ARelayKilledMidBatch_ResendsAtMostTheMessageInFlight()
    {
        var subject = $"Feilforsøk {Guid.NewGuid():N}";
        await app.WithDbAsync(async db =>
        {
            for (var i = 0; i < 6; i++)
            {
                db.OutboxMessages.Add(new OutboxMessage
                {
                    Id = Guid.CreateVersion7(), To = [$"mottaker{i}@kommune.test"], Subject = subject, Html = "<p>x</p>", Text = "x",
                    CreatedAt = app.Clock.GetUtcNow(), NextAttemptAt = app.Clock.GetUtcNow().AddMinutes(-1),
                });
            }
            return await db.SaveChangesAsync();
        });

        using var smtp = SimpleSmtpServer.Start(app.SmtpPort);
        int Ours() => smtp.ReceivedEmail.Count(m => Parse(m).Subject == subject);
        // The process dies as the server takes in the third: the job is stopped where it is. Told
        // by the server itself, while it handles that message (a watcher polling the count could
        // wake after the relay had sent all six on a fast run).
        using var crash = new CancellationTokenSource();
        var received = 0;
        smtp.MessageReceived += (_, e) =>
        {
            if (Parse(e.Message).Subject == subject && Interlocked.Increment(ref received) == 3)
            {
                crash.Cancel();
            }
        };
        using (var scope = app.Services.CreateScope())
        {
            var job = scope.ServiceProvider.GetRequiredService<OutboxRelayJob>();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => job.RunAsync(crash.Token));
        }

        Assert.InRange(Ours(), 3, 4); // stopped mid-batch, not after it

        // The next run (the restarted host) sends what is left.
        using (var scope = app.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<OutboxRelayJob>().RunAsync(CancellationToken.None);
        }

        var ours = smtp.ReceivedEmail.Select(Parse).Where(m => m.Subject == subject).ToList();
        Assert.Equal(6, ours.Select(m => m.MessageId).Distinct().Count());
        Assert.InRange(ours.Count - 6, 0, 1); // at-least-once for the one message in flight, no more
    }

    [Fact]
    public async Task Escalation_GoesToTheOwnersOrganisation_AndGivenUpMailsAreListedForOwners()
    {
        await app.ProgrammeWithPeopleAsync("1120");
        app.MorningOf(new DateOnly(2027, 4, 7)); // 8 days after 30 March: escalation
        await app.SendAsync<ReminderRun>(new SendDueReminders());
        // The owners' address gets one mail with every escalation of the sweep.
        var escalation = Assert.Single(await app.WithDbAsync(db => db.OutboxMessages.ToListAsync()), m => m.To.Contains("programeier@ks.example") && m.Text.Contains("for Klepp hadde frist 30.03.2027"));
        Assert.Contains("«Forankre deltakelsen politisk» for Klepp hadde frist 30.03.2027 og er 8 dager på overtid. Programeier er varslet.", escalation.Text);

        // No SMTP server at all: after the last attempt the message is given up, visibly.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            await app.SendAsync<RelayResult>(new RelayOutbox());
            app.Clock.Advance(TimeSpan.FromMinutes(10));
        }

        var failed = await app.ClientAs(Roles.Owner).GetFromJsonAsync<JsonElement>("/api/outbox/failed");
        Assert.Contains(failed.EnumerateArray(), f => f.GetProperty("id").GetGuid() == escalation.Id && f.GetProperty("attempts").GetInt32() == 3);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.ClientAs(Roles.Coordinator, "1120").GetAsync("/api/outbox/failed")).StatusCode);
    }
}

public sealed class EscalateToTests(SmtpApp app) : IClassFixture<SmtpApp>
{
    [Fact]
    public async Task Escalations_GoWhereTheDefinitionsEscalateToSays()
    {
        // KS network (escalateTo: ["nettverksleder"]), start 19 April 2027: "utpeke-kontaktperson"
        // is due 30 March and escalated on 5 April (more than 5 days late).
        await app.StartAsync("1122", new DateOnly(2027, 4, 19), "ks-utviklingsnettverk");
        await app.WithDbAsync(async db =>
        {
            db.ContactPersons.Add(new ContactPerson
            {
                Id = Guid.CreateVersion7(), ParticipantId = "1122", Name = "Kari Koordinator", Email = "kari.1122@kommune.test",
                GroupRole = "Kommunegruppe", IsCoordinator = true, CreatedAt = DateTimeOffset.UtcNow,
            });
            return await db.SaveChangesAsync();
        });
        app.MorningOf(new DateOnly(2027, 4, 7));
        await app.SendAsync<ReminderRun>(new SendDueReminders());

        var mails = await app.WithDbAsync(db => db.OutboxMessages.ToListAsync());
        var leader = Assert.Single(mails, m => m.To.Contains("nettverksleder@ks.example"));
        Assert.Contains("«Utpeke kontaktperson» for Gjesdal hadde frist 30.03.2027", leader.Text);
        Assert.DoesNotContain(mails, m => m.To.Contains("programeier@ks.example"));
    }
}

/// Two Hangfire servers on one database, the sweep enqueued many times at once: every reminder
/// is sent exactly once.
public sealed class ParallelReminderJobTests(ProsessApp app) : IClassFixture<ProsessApp>
{
    [Fact]
    public async Task TwoServers_ManyRuns_EachReminderOnce()
    {
        foreach (var municipality in new[] { "1121", "1124", "1127", "1130" })
        {
            await app.ProgrammeWithPeopleAsync(municipality);
        }

        app.MorningOf(new DateOnly(2027, 4, 7));
        using var second = new BackgroundJobServer(
            new BackgroundJobServerOptions { WorkerCount = 4, Activator = app.Services.GetRequiredService<JobActivator>(), ServerName = "second" },
            app.Services.GetRequiredService<JobStorage>());
        var client = app.Services.GetRequiredService<IBackgroundJobClient>();
        var jobs = Enumerable.Range(0, 8).Select(_ => client.Enqueue<ReminderJob>(j => j.RunAsync(CancellationToken.None))).ToList();

        var monitor = app.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline && jobs.Any(id => monitor.JobDetails(id)?.History.FirstOrDefault()?.StateName is not ("Succeeded" or "Failed")))
        {
            await Task.Delay(100);
        }

        Assert.All(jobs, id => Assert.Equal("Succeeded", monitor.JobDetails(id).History.First().StateName));
        var (deliveries, mails) = await app.WithDbAsync(async db => (await db.ReminderDeliveries.ToListAsync(), await db.OutboxMessages.ToListAsync()));
        Assert.True(deliveries.Count >= 8, $"only {deliveries.Count} reminders");
        // Each occurrence reaches each of its recipients in exactly one line of one mail, never
        // two; and each person gets one mail from the eight runs.
        Assert.Equal(deliveries.Sum(d => d.Recipients), mails.Sum(m => m.Text.Split("» for ").Length - 1));
        Assert.Equal(mails.Count, mails.SelectMany(m => m.To).Distinct().Count());
        Assert.All(mails, m => Assert.Single(m.To));
    }
}
