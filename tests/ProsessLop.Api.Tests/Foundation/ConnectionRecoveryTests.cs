using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using ProsessLop.Api.Features.Deviations;
using ProsessLop.Api.Features.Journal;
using ProsessLop.Api.Features.Programmes;
using ProsessLop.Api.Infrastructure.Errors;
using ProsessLop.Api.Infrastructure.Persistence;
using ProsessLop.Api.Infrastructure.Pipeline;
using ProsessLop.Api.Tests.Infrastructure;
using ProsessLop.Workflow.Engine;
using Xunit.Abstractions;

namespace ProsessLop.Api.Tests.Foundation;

/// Writes PostgreSQL refuses inside a command's transaction, each followed by a valid write, at
/// 16 concurrent clients on the host's pooled contexts and connections. Before
/// PreparedStatementReset, a refused write that was also the one auto-preparing its INSERT left
/// the statement "prepared" without its row description, and the next valid write on that
/// connection failed with "Received unexpected backend message DataRow" (bench/README.md).
public sealed class ConnectionRecoveryTests(ProsessApp app, ITestOutputHelper output) : IClassFixture<ProsessApp>
{
    private const int Clients = 16;
    private const int PairsPerClient = 25;

    // One programme per client, so concurrent writers never collide on a programme's version.
    private static readonly string[] Municipalities =
        ["0301", "1103", "1108", "1506", "1804", "1806", "1833", "3201", "3203", "3205", "3905", "3907", "4203", "4204", "4601", "5001"];

    [Fact]
    public async Task RefusedWrites_FollowedByValidWrites_At16Clients_AllValidWritesSucceed()
    {
        var programmes = new Guid[Clients];
        for (var i = 0; i < Clients; i++)
        {
            programmes[i] = await app.StartAsync(Municipalities[i], TestProgrammes.Start);
        }

        var unexpected = new ConcurrentQueue<string>();
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(programmes.Select(programme => Task.Run(async () =>
        {
            // One valid write first: the second use of a statement on a connection is the one
            // that prepares it, and that is the use a refused write must not spoil.
            await ExpectStoredAsync(programme, unexpected);
            for (var pair = 0; pair < PairsPerClient; pair++)
            {
                await ExpectRefusedAsync(programme, refuseLaterStatement: pair % 2 == 1, unexpected);
                await ExpectStoredAsync(programme, unexpected);
            }
        })));
        output.WriteLine($"{Clients * PairsPerClient} refused/valid pairs at {Clients} clients in {watch.Elapsed.TotalSeconds:0.0} s; {unexpected.Count} unexpected");

        Assert.True(unexpected.IsEmpty, string.Join("\n", unexpected.Take(5)));
        // Every valid write is stored in its own programme, and no refused one anywhere.
        var stored = await app.WithDbAsync(db => db.Deviations.AsNoTracking()
            .Where(d => programmes.Contains(d.ProgrammeId))
            .GroupBy(d => d.ProgrammeId)
            .Select(g => new { Programme = g.Key, Count = g.Count(), Refused = g.Count(d => d.Description != Valid) })
            .ToListAsync());
        Assert.All(programmes, p => Assert.Contains(stored, s => s.Programme == p && s.Count == PairsPerClient + 1 && s.Refused == 0));
    }

    [Fact]
    public async Task RefusedLifeCycleSteps_WithoutATransaction_LeaveTheConnectionUsable()
    {
        // ActOnProgramme writes one statement through Npgsql with no transaction around it
        // (IWritesInOneStatement); a value PostgreSQL refuses at Bind — a NUL escape in the journal
        // entry's jsonb — must not spoil the connection for the next command that gets it.
        string[] municipalities = ["1101", "1119", "1120", "1121"];
        var programmes = new Guid[municipalities.Length];
        for (var i = 0; i < municipalities.Length; i++)
        {
            programmes[i] = await app.StartAsync(municipalities[i], TestProgrammes.Start);
        }

        var unexpected = new ConcurrentQueue<string>();
        await Task.WhenAll(programmes.Select(programme => Task.Run(async () =>
        {
            for (var round = 0; round < 20; round++)
            {
                await ExpectAsync(programme, ActionKind.CompleteTask, null, refused: false, unexpected);
                await ExpectAsync(programme, ActionKind.ReopenTask, "Gjenåpnet med \u0000", refused: true, unexpected);
                await ExpectAsync(programme, ActionKind.ReopenTask, null, refused: false, unexpected);
            }
        })));

        Assert.True(unexpected.IsEmpty, string.Join("\n", unexpected.Take(5)));
        // Each programme's journal holds the valid steps and none of the refused ones.
        var entries = await app.WithDbAsync(db => db.JournalEntries.AsNoTracking()
            .Where(j => j.ProgrammeId != null && programmes.Contains(j.ProgrammeId.Value) && (j.Action == "CompleteTask" || j.Action == "ReopenTask"))
            .CountAsync());
        Assert.Equal(municipalities.Length * 20 * 2, entries);
    }

    private async Task ExpectAsync(Guid programme, ActionKind kind, string? note, bool refused, ConcurrentQueue<string> unexpected)
    {
        var command = new ActOnProgramme(programme, kind, "utpeke-kontaktperson", note, null);
        try
        {
            await using var scope = app.Services.CreateAsyncScope();
            var services = scope.ServiceProvider;
            var handler = ActivatorUtilities.CreateInstance<ActOnProgrammeHandler>(services);
            var result = await new TransactionBehavior<ActOnProgramme, Result<ActionOutcome>>(services.GetRequiredService<ProsessDb>(), new ProsessLop.Api.Infrastructure.IdempotencyClaims())
                .Handle(command, (message, ct) => handler.Handle(message, ct), CancellationToken.None);
            if (refused || !result.Succeeded)
            {
                unexpected.Enqueue(refused ? $"{kind} with a NUL was stored" : $"valid {kind} refused: {result.Error}");
            }
        }
        catch (DbUpdateException e) when (refused && e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UntranslatableCharacter })
        {
            // Refused at Bind, as intended.
        }
        catch (Exception e)
        {
            unexpected.Enqueue($"{kind} ({(refused ? "to be refused" : "valid")}) failed otherwise: {e.GetBaseException().Message}");
        }
    }

    private const string Valid = "Dialogmøtet ble avlyst";

    private static RecordDeviation Deviation(Guid programme, string description) =>
        new(programme, description, "For få påmeldte", null, null, "Kulturskolerektor", new DateOnly(2026, 10, 2));

    private async Task ExpectStoredAsync(Guid programme, ConcurrentQueue<string> unexpected)
    {
        try
        {
            var result = await RecordAsync(Deviation(programme, Valid));
            if (!result.Succeeded)
            {
                unexpected.Enqueue($"valid write refused: {result.Error}");
            }
        }
        catch (Exception e)
        {
            unexpected.Enqueue($"valid write failed: {e.GetBaseException().Message}");
        }
    }

    /// Refused at Bind: a NUL in the deviation's text (the batch's first statement, 22021), or a
    /// NUL escape in its journal entry's jsonb (the second statement, 22P05) — the same batch, so
    /// the same statements as the valid write.
    private async Task ExpectRefusedAsync(Guid programme, bool refuseLaterStatement, ConcurrentQueue<string> unexpected)
    {
        try
        {
            await RecordAsync(
                Deviation(programme, refuseLaterStatement ? Valid : "Avvik med \u0000 i teksten"),
                db =>
                {
                    if (refuseLaterStatement)
                    {
                        db.ChangeTracker.Entries<JournalEntry>().Single().Entity.After = """{"description": "\u0000"}""";
                    }
                });
            unexpected.Enqueue("a write PostgreSQL should refuse was stored");
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.CharacterNotInRepertoire or PostgresErrorCodes.UntranslatableCharacter })
        {
            // Refused at Bind, as intended.
        }
        catch (Exception e)
        {
            unexpected.Enqueue($"refused write failed otherwise: {e.GetBaseException().Message}");
        }
    }

    /// The command's own transaction (the pipeline's TransactionBehavior) around its real handler,
    /// in a scope of its own as a request has. Below the validators on purpose: the HTTP boundary
    /// refuses a NUL, but here it stands for any value PostgreSQL itself refuses at Bind.
    private async Task<Result<Deviation>> RecordAsync(RecordDeviation command, Action<ProsessDb>? spoil = null)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<ProsessDb>();
        var handler = ActivatorUtilities.CreateInstance<RecordDeviationHandler>(services);
        return await new TransactionBehavior<RecordDeviation, Result<Deviation>>(db, new ProsessLop.Api.Infrastructure.IdempotencyClaims()).Handle(command, async (message, ct) =>
        {
            var result = await handler.Handle(message, ct);
            spoil?.Invoke(db);
            return result;
        }, CancellationToken.None);
    }
}
