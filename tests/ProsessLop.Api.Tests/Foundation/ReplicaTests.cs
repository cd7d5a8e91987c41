using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MimeKit;
using netDumbster.smtp;
using Npgsql;
using ProsessLop.Api.Features.Housekeeping;
using ProsessLop.Api.Features.Notifications;
using ProsessLop.Api.Features.Reminders;
using ProsessLop.Api.Infrastructure;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Infrastructure.Persistence;
using ProsessLop.Api.Tests.Infrastructure;
using ProsessLop.Api.Tests.Reminders;

namespace ProsessLop.Api.Tests.Foundation;

/// One host of several on a shared database (a replica): its own service container, clock and
/// Kestrel port, the role it is given, sending mail to a shared SMTP server on loopback.
public sealed class Replica(string connectionString, string role, int smtpPort, int writesPerMinute = 100_000) : KestrelApp(connectionString)
{
    public ConcurrentQueue<string> Logs { get; } = new();

    protected override int WritesPerMinute => writesPerMinute;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Host:Role", role);
        builder.UseSetting("Auth:DevelopmentSignIn", "true");
        builder.UseSetting("Email:SmtpHost", "127.0.0.1");
        builder.UseSetting("Email:SmtpPort", smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Email:UseStartTls", "false");
        builder.UseSetting("Logging:LogLevel:Microsoft.EntityFrameworkCore.Migrations", "Information");
        builder.ConfigureLogging(l => l.AddProvider(new QueueLogs(Logs)));
    }

    public bool Logged(string text) => Logs.Any(l => l.Contains(text, StringComparison.Ordinal));

    private sealed class QueueLogs(ConcurrentQueue<string> lines) : ILoggerProvider, ILogger
    {
        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{logLevel}: {formatter(state, exception)}");

        public void Dispose()
        {
        }
    }
}

/// Two web hosts and two job hosts on one database, all started at the same moment.
public sealed class ReplicaSet : IAsyncLifetime
{
    public int SmtpPort { get; } = SmtpApp.FreePort();
    public string ConnectionString { get; private set; } = "";
    public Replica WebA { get; private set; } = null!;
    public Replica WebB { get; private set; } = null!;
    public Replica JobsA { get; private set; } = null!;
    public Replica JobsB { get; private set; } = null!;

    private IEnumerable<Replica> All => [WebA, WebB, JobsA, JobsB];

    public async Task InitializeAsync()
    {
        ConnectionString = await TestPostgres.CreateDatabaseAsync(nameof(ReplicaSet));
        WebA = new Replica(ConnectionString, "web", SmtpPort);
        WebB = new Replica(ConnectionString, "web", SmtpPort);
        JobsA = new Replica(ConnectionString, "jobs", SmtpPort);
        JobsB = new Replica(ConnectionString, "jobs", SmtpPort);
        await Task.WhenAll(All.Select(r => Task.Run(r.InitializeAsync)));
        // Each host has its own fake clock: one time for all (a clock only moves forward).
        var now = DateTimeOffset.UtcNow;
        foreach (var replica in All)
        {
            replica.Clock.SetUtcNow(now);
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var replica in All)
        {
            await replica.DisposeAsync();
        }
    }

    public Replica Another(string role) => new(ConnectionString, role, SmtpPort);
}

public sealed class ReplicaTests(ReplicaSet replicas) : IClassFixture<ReplicaSet>
{
    [Fact]
    public async Task SignedInOnWebA_APageFormFromA_IsAcceptedByWebB_AndTheCookieSurvivesANewHost()
    {
        // One browser behind a load balancer: one cookie jar, requests to either replica.
        using var browser = new HttpClient(new LoopbackCookies { InnerHandler = new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false } });
        var (a, b) = (replicas.WebA.BaseUrl, replicas.WebB.BaseUrl);

        var signIn = await browser.PostAsync($"{a}/logg-inn", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["user"] = "demo-owner", ["__RequestVerificationToken"] = await PageClients.AntiforgeryTokenAsync(browser, $"{a}/logg-inn"),
        }));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/", signIn.Headers.Location?.OriginalString);

        // The form as web A rendered it (A's antiforgery token), posted to web B with A's cookie.
        var token = await PageClients.AntiforgeryTokenAsync(browser, $"{a}/statusrapporter");
        var compiled = await browser.PostAsync($"{b}/statusrapporter?handler=Compile", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["definitionKey"] = ProgrammeSteps.DefaultDefinition, ["__RequestVerificationToken"] = token,
        }));
        // Refused, B would answer 400 (antiforgery) or send the person to /logg-inn (cookie).
        Assert.Equal(HttpStatusCode.Redirect, compiled.StatusCode);
        var report = compiled.Headers.Location?.OriginalString ?? "";
        Assert.StartsWith("/statusrapport/", report, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync($"{b}{report}")).StatusCode);
        Assert.Equal("demo-owner", await replicas.WebA.WithDbAsync(db => db.StatusSnapshots.Select(s => s.CompiledBy).SingleAsync()));

        // Four hosts started together made one key between them, and a host started later (a
        // restart, a new pod) reads the same cookie.
        var key = Assert.Single(await replicas.WebA.WithDbAsync(db => db.DataProtectionKeys.Select(k => k.Xml).ToListAsync()));
        foreach (var host in new[] { replicas.WebA, replicas.WebB, replicas.JobsA, replicas.JobsB })
        {
            // Each host's key ring is the database's, not a private one (memory, or a folder of its own).
            var keys = host.Services.GetRequiredService<IKeyManager>().GetAllKeys();
            Assert.Contains($"id=\"{Assert.Single(keys).KeyId}\"", key, StringComparison.Ordinal);
        }

        await using var restarted = replicas.Another("web");
        await restarted.InitializeAsync();
        var again = await browser.GetAsync($"{restarted.BaseUrl}{report}");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    private static HttpRequestMessage CreateRegion(string name, string key) => new(HttpMethod.Post, "/api/regions")
    {
        Content = JsonContent.Create(new { name, municipalityNumbers = new[] { "1832", "1833" } }),
        Headers = { { IdempotencyMiddleware.Header, key } },
    };

    [Fact]
    public async Task TheSameIdempotencyKey_SentToWebAThenWebB_RunsOnce()
    {
        var first = await replicas.WebA.ClientFor("replica-owner", Roles.Owner).SendAsync(CreateRegion("Indre Helgeland", "replica-key-1"));
        var retry = await replicas.WebB.ClientFor("replica-owner", Roles.Owner).SendAsync(CreateRegion("Indre Helgeland", "replica-key-1"));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.True(retry.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
        Assert.Equal(1, await replicas.WebB.WithDbAsync(db => db.Regions.CountAsync(r => r.Name == "Indre Helgeland")));
    }

    [Fact]
    public async Task TheSameIdempotencyKey_SentToBothWebHostsAtOnce_RunsOnce()
    {
        var responses = await Task.WhenAll(
            from host in new[] { replicas.WebA, replicas.WebB, replicas.WebA, replicas.WebB }
            select host.ClientFor("replica-owner", Roles.Owner).SendAsync(CreateRegion("Ytre Helgeland", "replica-key-2")));

        // The one that ran answers 201; the others were either still waiting for it (409) or replayed it.
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created && !r.Headers.Contains("Idempotent-Replayed"));
        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.Conflict }));
        Assert.Equal(1, await replicas.WebA.WithDbAsync(db => db.Regions.CountAsync(r => r.Name == "Ytre Helgeland")));
    }

    [Fact]
    public async Task TheSweepAndTheRelay_OnBothJobHostsAtOnce_SendEachMailOnce_OverSmtp()
    {
        foreach (var municipality in new[] { "1121", "1124", "1127", "1130" })
        {
            await replicas.WebA.ProgrammeWithPeopleAsync(municipality);
        }

        // Some reminders due, some late (the coordinators' digests).
        replicas.JobsA.MorningOf(new DateOnly(2027, 4, 7));
        replicas.JobsB.MorningOf(new DateOnly(2027, 4, 7));
        using var smtp = SimpleSmtpServer.Start(replicas.SmtpPort);

        // Three runs of each job on each job host, all at the same time.
        await Task.WhenAll(RunOnBoth<ReminderJob>(job => job.RunAsync(CancellationToken.None)));
        await Task.WhenAll(RunOnBoth<OutboxRelayJob>(job => job.RunAsync(CancellationToken.None)));

        var (deliveries, mails) = await replicas.WebA.WithDbAsync(async db => (await db.ReminderDeliveries.ToListAsync(), await db.OutboxMessages.ToListAsync()));
        Assert.True(deliveries.Count >= 8, $"only {deliveries.Count} reminders");
        Assert.All(mails, m => Assert.NotNull(m.SentAt));
        // Each reminder reaches each recipient in one line of one mail, and each person gets one mail.
        Assert.Equal(deliveries.Sum(d => d.Recipients), mails.Sum(m => m.Text.Split("» for ").Length - 1));
        Assert.Equal(mails.Count, mails.SelectMany(m => m.To).Distinct().Count());

        // The SMTP server saw every outbox message exactly once.
        var received = smtp.ReceivedEmail.Select(m => MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(m.Data ?? "")))).ToList();
        Assert.Equal(mails.Count, received.Count);
        Assert.Equal(
            mails.Select(m => $"{string.Join(",", m.To)} {m.Subject}").Order(),
            received.Select(m => $"{string.Join(",", m.To.Mailboxes.Select(a => a.Address))} {m.Subject}").Order());
    }

    private IEnumerable<Task> RunOnBoth<TJob>(Func<TJob, Task> run) where TJob : notnull =>
        from host in new[] { replicas.JobsA, replicas.JobsB }
        from _ in Enumerable.Range(0, 3)
        select Task.Run(async () =>
        {
            await using var scope = host.Services.CreateAsyncScope();
            await run(scope.ServiceProvider.GetRequiredService<TJob>());
        });
}

/// The write limit is one per person across replicas, not one per replica.
public sealed class SharedRateLimitTests
{
    // Two web hosts on a database of their own, their clocks at the same instant.
    private sealed class TwoWebHosts(Replica a, Replica b) : IAsyncDisposable
    {
        public Replica A { get; } = a;

        public Replica B { get; } = b;

        public static async Task<TwoWebHosts> StartAsync(string database, int writesPerMinute)
        {
            var connection = await TestPostgres.CreateDatabaseAsync(database);
            var hosts = new TwoWebHosts(new Replica(connection, "web", 0, writesPerMinute), new Replica(connection, "web", 0, writesPerMinute));
            await Task.WhenAll(Task.Run(hosts.A.InitializeAsync), Task.Run(hosts.B.InitializeAsync));
            var now = DateTimeOffset.UtcNow;
            hosts.A.Clock.SetUtcNow(now);
            hosts.B.Clock.SetUtcNow(now);
            return hosts;
        }

        public async ValueTask DisposeAsync()
        {
            await A.DisposeAsync();
            await B.DisposeAsync();
        }
    }

    [Fact]
    public async Task WritesOnTwoWebHosts_CountTowardsOneLimit()
    {
        await using var hosts = await TwoWebHosts.StartAsync(nameof(SharedRateLimitTests), writesPerMinute: 3);
        var (a, b) = (hosts.A, hosts.B);

        var onA = a.ClientFor("busy-owner", Roles.Owner);
        var onB = b.ClientFor("busy-owner", Roles.Owner);
        Task<HttpResponseMessage> Create(HttpClient client, int i) =>
            client.PostAsJsonAsync("/api/regions", new { name = $"Region {i}", municipalityNumbers = new[] { "0301", "3201" } });

        Assert.Equal(HttpStatusCode.Created, (await Create(onA, 1)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await Create(onB, 2)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await Create(onA, 3)).StatusCode);
        // The fourth write of the minute, on B, which has seen only one of them itself.
        var limited = await Create(onB, 4);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await Create(onA, 5)).StatusCode);
        Assert.False(await a.WithDbAsync(db => db.Regions.AnyAsync(r => r.Name == "Region 4" || r.Name == "Region 5")));

        // The next minute starts a new count, on both.
        a.Clock.Advance(TimeSpan.FromMinutes(1));
        b.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.Created, (await Create(onB, 6)).StatusCode);

        // Housekeeping deletes the past minute's count and keeps the current one.
        Assert.Equal(1, await a.SendAsync<int>(new PurgeWriteCounts()));
        Assert.Equal(1, await a.WithDbAsync(db => db.WriteCounts.SumAsync(c => c.Writes)));
    }

    /// With a limit of 36 a replica takes writes from the shared count three at a time (a twelfth of
    /// the limit): most writes make no round trip for the limit, and no replica admits a write the
    /// shared count has not granted.
    [Fact]
    public async Task LeasesOnTwoWebHosts_NeverAdmitMoreThanTheLimit()
    {
        await using var hosts = await TwoWebHosts.StartAsync("LeasedRateLimit", writesPerMinute: 36);
        var (a, b) = (hosts.A, hosts.B);
        var onA = a.ClientFor("script-owner", Roles.Owner);
        var onB = b.ClientFor("script-owner", Roles.Owner);
        // A write the limit counts, refused by validation, so nothing is created.
        static async Task<HttpStatusCode> Write(HttpClient client) =>
            (await client.PostAsJsonAsync("/api/regions", new { name = "", municipalityNumbers = Array.Empty<string>() })).StatusCode;
        Task<int> Counted() => a.WithDbAsync(db => db.WriteCounts.Where(c => c.UserId == "script-owner").SumAsync(c => c.Writes));

        // A's first write takes a lease of three from the shared count; its next two use it.
        Assert.Equal(HttpStatusCode.BadRequest, await Write(onA));
        Assert.Equal(3, await Counted());
        Assert.Equal(HttpStatusCode.BadRequest, await Write(onA));
        Assert.Equal(3, await Counted());

        // B writes until refused: the 36 granted less the one A holds unused.
        var admittedOnB = 0;
        while (await Write(onB) == HttpStatusCode.BadRequest)
        {
            admittedOnB++;
        }

        Assert.Equal(33, admittedOnB);
        // A's lease still holds one write, then it is refused too: 36 admitted in all.
        Assert.Equal(HttpStatusCode.BadRequest, await Write(onA));
        Assert.Equal(HttpStatusCode.TooManyRequests, await Write(onA));
        // Refused once, a replica asks the shared count no more that minute.
        var counted = await Counted();
        Assert.Equal(HttpStatusCode.TooManyRequests, await Write(onB));
        Assert.Equal(HttpStatusCode.TooManyRequests, await Write(onA));
        Assert.Equal(counted, await Counted());

        // The next minute, a new lease.
        a.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.BadRequest, await Write(onA));
    }
}

/// Hosts starting together on a new, empty database: one migrates, the others wait for it.
public sealed class ConcurrentStartTests
{
    [Fact]
    public async Task TwoHostsStartingAtOnce_OnAnEmptyDatabase_OneMigrates_BothStart()
    {
        var database = await TestPostgres.CreateEmptyDatabaseAsync(nameof(ConcurrentStartTests));
        await using var web = new Replica(database, "web", 0);
        await using var jobs = new Replica(database, "jobs", 0);

        await Task.WhenAll(Task.Run(web.InitializeAsync), Task.Run(jobs.InitializeAsync));

        await AssertMigratedOnceAsync(database);
        Assert.Single(new[] { web, jobs }, h => h.Logged("Applying migration"));
        Assert.Single(new[] { web, jobs }, h => h.Logged("No migrations were applied"));
        // One Data Protection key for both, and both serve.
        Assert.Equal(1, await web.WithDbAsync(db => db.DataProtectionKeys.CountAsync()));
        Assert.Equal(HttpStatusCode.OK, (await web.CreateClient().GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await jobs.CreateClient().GetAsync("/health/ready")).StatusCode);
    }

    /// The release step run twice at once (two rollouts, a retried Job). The test holds the lock
    /// first, as a host still migrating would, so both runs are certain to meet it.
    [Fact]
    public async Task TwoMigrateCommandsAtOnce_OnAnEmptyDatabase_OneAppliesTheMigrations_TheOtherWaits()
    {
        var database = await TestPostgres.CreateEmptyDatabaseAsync(nameof(ConcurrentStartTests));
        await using var holder = new NpgsqlConnection(database);
        await holder.OpenAsync();
        await Sql(holder, $"SELECT pg_advisory_lock({StartupLock.Key})");

        var runs = new[] { Migrate(database), Migrate(database) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (await WaitingForStartupLockAsync(holder) < 2)
        {
            Assert.True(DateTime.UtcNow < deadline, "the migrate commands never reached the lock");
            if (runs.FirstOrDefault(r => r.IsCompleted) is { } ended)
            {
                Assert.Fail($"A migrate command ended before the lock was released: {(await ended).Text}");
            }

            await Task.Delay(100);
        }

        await Sql(holder, $"SELECT pg_advisory_unlock({StartupLock.Key})");
        var outputs = await Task.WhenAll(runs);

        Assert.All(outputs, o => Assert.Equal(0, o.ExitCode));
        Assert.All(outputs, o => Assert.Contains("waiting for it to finish", o.Text, StringComparison.Ordinal));
        Assert.Single(outputs, o => o.Text.Contains("Applying migration", StringComparison.Ordinal));
        Assert.Single(outputs, o => o.Text.Contains("No migrations were applied", StringComparison.Ordinal));
        await AssertMigratedOnceAsync(database);
    }

    private static async Task AssertMigratedOnceAsync(string database)
    {
        await using var db = new ProsessDb(ProsessDbOptions.For(database));
        var applied = await db.Database.SqlQueryRaw<string>("SELECT migration_id AS \"Value\" FROM __ef_migrations_history").ToListAsync();
        Assert.Equal(db.Database.GetMigrations().Order(), applied.Order());
        Assert.True(await db.Database.SqlQueryRaw<int>("SELECT count(*)::int AS \"Value\" FROM hangfire.schema").SingleAsync() == 1);
    }

    private static async Task<long> WaitingForStartupLockAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
            connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task Sql(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// `dotnet ProsessLop.Api.dll migrate`, as the release Job runs it.
    private static async Task<(int ExitCode, string Text)> Migrate(string database)
    {
        var start = new ProcessStartInfo("dotnet",
            [Path.Combine(AppContext.BaseDirectory, "ProsessLop.Api.dll"), "migrate",
             "--Logging:Console:FormatterName=simple", "--Logging:LogLevel:Microsoft.EntityFrameworkCore.Migrations=Information"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ConnectionStrings__ProsessLop"] = database;
        start.Environment["Auth__SigningKey"] = ProsessApp.SigningKey;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await errors);
    }
}
