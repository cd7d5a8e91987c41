using Npgsql;
using ProsessLop.Api.Tests.Infrastructure;

namespace ProsessLop.Api.Tests.Foundation;

/// The library defect PreparedStatementReset works around (npgsql/npgsql#6391), reproduced on one
/// plain connection: no EF, no pool reuse, no transaction. When an Npgsql release fixes it, the
/// first test fails: then the interceptor can go (bench/README.md, "Connection desynchronisation").
public sealed class NpgsqlAutoPrepareTests
{
    private static async Task<NpgsqlConnection> OpenAsync(int maxAutoPrepare)
    {
        var builder = new NpgsqlConnectionStringBuilder(await TestPostgres.CreateDatabaseAsync(nameof(NpgsqlAutoPrepareTests)))
        {
            MaxAutoPrepare = maxAutoPrepare,
            AutoPrepareMinUsages = 2,
            Pooling = false,
        };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand("CREATE TEMP TABLE t (id serial PRIMARY KEY, s text)", connection);
        await create.ExecuteNonQueryAsync();
        return connection;
    }

    private static async Task<int> InsertAsync(NpgsqlConnection connection, string value)
    {
        await using var insert = new NpgsqlCommand("INSERT INTO t (s) VALUES ($1) RETURNING id", connection);
        insert.Parameters.Add(new NpgsqlParameter { Value = value });
        return (int)(await insert.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task AStatementRefusedAtBind_WhileBeingAutoPrepared_BreaksTheNextUse()
    {
        await using var connection = await OpenAsync(maxAutoPrepare: 50);
        await InsertAsync(connection, "first");
        await Assert.ThrowsAsync<PostgresException>(() => InsertAsync(connection, "with\0nul"));
        var broken = await Assert.ThrowsAnyAsync<Exception>(() => InsertAsync(connection, "valid after"));
        Assert.Contains("unexpected backend message", broken.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task UnprepareAll_AfterTheRefusal_KeepsTheConnectionWorking()
    {
        await using var connection = await OpenAsync(maxAutoPrepare: 50);
        await InsertAsync(connection, "first");
        await Assert.ThrowsAsync<PostgresException>(() => InsertAsync(connection, "with\0nul"));
        connection.UnprepareAll(); // what PreparedStatementReset does before the connection is reused
        Assert.True(await InsertAsync(connection, "valid after") > 0);
    }
}
