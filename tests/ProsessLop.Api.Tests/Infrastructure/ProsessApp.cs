using System.Net.Http.Headers;
using Mediator;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Extensions.DependencyInjection;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Infrastructure.Persistence;

namespace ProsessLop.Api.Tests.Infrastructure;

/// The whole host against a fresh PostgreSQL database of its own — one per test class
/// (use as IClassFixture), so classes run in parallel without seeing each other's data.
public class ProsessApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    /// A fresh random key per test run: outside Development the host refuses weak keys and any
    /// key written in the repository, so the tests cannot use a fixed one either.
    public static readonly string SigningKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48));

    public ProsessApp()
    {
    }

    /// A host on a database it shares with other hosts (replicas), instead of a fresh one.
    protected ProsessApp(string connectionString) => ConnectionString = connectionString;

    public string ConnectionString { get; private set; } = "";

    /// The host's clock: starts at the real time (tokens are checked against it) and moves only
    /// when a test says so.
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public async Task InitializeAsync()
    {
        if (ConnectionString.Length == 0)
        {
            ConnectionString = await TestPostgres.CreateDatabaseAsync(GetType().Name);
        }
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:ProsessLop", ConnectionString);
        builder.UseSetting("Auth:SigningKey", SigningKey);
        builder.UseSetting("Hangfire:QueuePollInterval", "00:00:00.200");
        builder.UseSetting("Hangfire:SchedulePollingInterval", "00:00:01");
        builder.UseSetting("Hangfire:WorkerCount", "2");
        // Tests run the relay and the sweep themselves, at the fake clock's time.
        builder.UseSetting("Hangfire:OutboxRelayCron", Hangfire.Cron.Never());
        builder.UseSetting("Hangfire:RemindersCron", Hangfire.Cron.Never());
        builder.UseSetting("Hangfire:RefreshDerivedCron", Hangfire.Cron.Never());
        builder.UseSetting("RateLimit:WritesPerMinute", WritesPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    /// True when the host answers on a real loopback port (Kestrel) instead of in memory.
    public bool OnRealPort { get; private set; }

    /// Serve on a real loopback port (Kestrel), as production does.
    protected void UseRealPort()
    {
        UseKestrel(0);
        OnRealPort = true;
    }

    /// High by default so tests are not throttled; the rate-limit tests lower it.
    protected virtual int WritesPerMinute => 100_000;

    public HttpClient ClientAs(string role, params string[] participants) => ClientFor($"test-{role}", role, participants);

    /// A client signed in as a particular person: the person and the memberships the role and
    /// participants describe are made in the database (added to any the person has), since outside
    /// the demo sign-in rights come from memberships only — the token's role claims are ignored.
    public HttpClient ClientFor(string subject, string role, params string[] participants)
    {
        TestPeople.Ensure(ConnectionString, subject, $"Test {role}", role, participants);
        var client = CreateClient();
        var token = LocalTokens.Create(new AuthOptions { SigningKey = SigningKey }, subject, $"Test {role}", role, participants, TimeSpan.FromMinutes(30));
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// A client with a locally issued token for a person as they are in the database (no role claims).
    public HttpClient ClientForPerson(string personId)
    {
        var client = CreateClient();
        var token = LocalTokens.Create(new AuthOptions { SigningKey = SigningKey }, personId, personId, "", [], TimeSpan.FromMinutes(30));
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// A person with a role (made if missing), and the id of that membership.
    public Guid MembershipFor(string personId, string role, string participant)
    {
        TestPeople.Ensure(ConnectionString, personId, $"Test {role}", role, [participant]);
        return TestPeople.MembershipId(ConnectionString, personId, participant);
    }

    /// Sends a message through the real mediator pipeline, in its own scope, as a job would.
    public async Task<TResponse> SendAsync<TResponse>(IMessage message)
    {
        await using var scope = Services.CreateAsyncScope();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        return (TResponse)(await mediator.Send(message))!;
    }

    public async Task<T> WithDbAsync<T>(Func<ProsessDb, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<ProsessDb>());
    }
}
