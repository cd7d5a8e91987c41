using System.Net;
using Npgsql;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Infrastructure.Errors;
using ProsessLop.Api.Tests.Infrastructure;

namespace ProsessLop.Api.Tests.Foundation;

/// The database going away under a running host (a restart, a failover): requests answer 503
/// problem documents with Retry-After — never a 500 — and the host recovers by itself
/// (bench/faults/db-restart.sh measures it on a real restart under load).
public sealed class DatabaseOutageTests(ProsessApp app) : IClassFixture<ProsessApp>
{
    [Fact]
    public async Task ConnectionsKilledByTheServer_Answer503WithRetryAfter_ThenTheHostRecovers()
    {
        var client = app.ClientAs(Roles.Owner);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/programmes?pageSize=1")).StatusCode);

        // What `pg_ctl restart -m fast` does to every session: the server terminates it (57P01).
        var database = new NpgsqlConnectionStringBuilder(app.ConnectionString).Database!;
        await using (var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(app.ConnectionString) { Database = "postgres", Pooling = false }.ConnectionString))
        {
            await admin.OpenAsync();
            await using var kill = new NpgsqlCommand("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = @db AND pid <> pg_backend_pid()", admin);
            kill.Parameters.AddWithValue("db", database);
            Assert.True((long)(await kill.ExecuteScalarAsync())! > 0);
        }

        var during = await client.GetAsync("/api/programmes?pageSize=1");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, during.StatusCode);
        Assert.Equal("application/problem+json", during.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(during.Headers.RetryAfter);
        var body = await during.Content.ReadAsStringAsync();
        Assert.Contains("Databasen svarer ikke", body);
        Assert.DoesNotContain("   at ", body);

        // No host restart: the broken connections are dropped and new ones opened.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/programmes?pageSize=1")).StatusCode);
    }

    [Fact]
    public async Task ARefusedConnection_IsUnavailable_AnOrdinaryBug_IsNot()
    {
        // A real connection failure: nothing listens on the port.
        var port = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        port.Start();
        var free = ((IPEndPoint)port.LocalEndpoint).Port;
        port.Stop();
        await using var nowhere = new NpgsqlConnection($"Host=127.0.0.1;Port={free};Username=x;Timeout=2");
        var refused = await Assert.ThrowsAnyAsync<NpgsqlException>(() => nowhere.OpenAsync());

        Assert.True(ProblemExceptionHandler.DatabaseUnavailable(refused));
        Assert.True(ProblemExceptionHandler.DatabaseUnavailable(new Microsoft.EntityFrameworkCore.DbUpdateException("wrapped", refused)));
        Assert.False(ProblemExceptionHandler.DatabaseUnavailable(new InvalidOperationException("a bug")));
    }
}
