using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ProsessLop.Api.Features.Programmes;
using ProsessLop.Api.Infrastructure.Auth;
using ProsessLop.Api.Infrastructure.Persistence;
using ProsessLop.Api.Tests.Infrastructure;
using ProsessLop.Workflow.Definitions;
using ProsessLop.Workflow.Engine;

namespace ProsessLop.Api.Tests.Programmes;

/// The stored shape of a programme's state (ProgrammeStateJson): every property comes back as it
/// was, and documents stored in the earlier shape (JsonColumn.Compact) are still read.
public sealed class ProgrammeStateJsonTests(ProsessApp app) : IClassFixture<ProsessApp>
{
    private static readonly DateOnly Day = new(2026, 3, 2);

    // Every property of the state's types set to something other than its default, items of one
    // stage split by another (the runs must keep the order), a report key that differs from the
    // item's key and one that is empty.
    private static ProgrammeState EverythingSet() => new()
    {
        DefinitionKey = "fremtidens-kulturskole",
        DefinitionVersion = 2,
        Participant = new Participant(ParticipantKind.Region, "46", "Vestland", ["4601", "4602"]),
        StartDate = Day,
        Status = ProgrammeStatus.Withdrawn,
        CurrentStageIndex = 1,
        CompletedOn = Day.AddDays(1),
        WithdrawnOn = Day.AddDays(2),
        WithdrawalReason = "Kommunen trakk seg",
        Stages =
        [
            new() { Key = "forankring", Status = StageStatus.Completed, PlannedStart = Day, PlannedEnd = Day.AddDays(30), ActivatedOn = Day, CompletedOn = Day.AddDays(29), OwnerDecisionOn = Day.AddDays(28), OwnerDecisionNote = "Godkjent" },
            new() { Key = "kartlegging", Status = StageStatus.Active, PlannedStart = Day.AddDays(30), PlannedEnd = Day.AddDays(60) },
        ],
        Tasks =
        [
            new() { Key = "a", StageKey = "forankring", Required = true, Status = TaskItemStatus.Done, Due = Day.AddDays(3), StartedOn = Day.AddDays(1), CompletedOn = Day.AddDays(2), Retired = true },
            new() { Key = "b", StageKey = "kartlegging", Status = TaskItemStatus.InProgress, Due = Day.AddDays(40), StartedOn = Day.AddDays(35) },
            new() { Key = "c", StageKey = "forankring", Status = TaskItemStatus.NotApplicable, Due = Day.AddDays(4) },
            new() { Key = "d", StageKey = "", Due = Day.AddDays(5) },
        ],
        Reports =
        [
            new() { Key = "plan-2", ReportKey = "plan", Occurrence = 2, StageKey = "kartlegging", RequiresApproval = true, Status = ReportStatus.Returned, Due = Day.AddDays(50), SubmittedOn = Day.AddDays(45), ApprovedOn = Day.AddDays(46), ReturnComment = "Mangler budsjett", Submissions = 3, Retired = true },
            new() { Key = "notat", ReportKey = "notat", Occurrence = 1, StageKey = "forankring", Due = Day.AddDays(20) },
            new() { Key = "tom", ReportKey = "", StageKey = "forankring", Due = Day.AddDays(21) },
        ],
    };

    // The comparison: every property written, defaults included.
    private static string Full(ProgrammeState state) => JsonSerializer.Serialize(state, JsonColumn.Options);

    [Fact]
    public void AStateWithEveryPropertySet_RoundTripsExactly()
    {
        var state = EverythingSet();
        foreach (var item in new object[] { state }.Concat(state.Stages).Concat(state.Tasks).Concat(state.Reports))
        {
            // The fixture really sets every property somewhere (a new property must be added to it).
            foreach (var property in item.GetType().GetProperties().Where(p => p.CanWrite))
            {
                var type = property.PropertyType;
                Assert.True(
                    new object[] { state }.Concat(state.Stages).Concat(state.Tasks).Concat(state.Reports)
                        .Where(o => o.GetType() == item.GetType())
                        .Any(o => property.GetValue(o) is { } v && !Equals(v, type.IsValueType ? Activator.CreateInstance(type) : null)),
                    $"{item.GetType().Name}.{property.Name} is never set in the fixture");
            }
        }

        var stored = ProgrammeStateJson.Write(state);
        var read = ProgrammeStateJson.Read(stored);

        Assert.Equal(Full(state), Full(read));
        Assert.Equal(["a", "b", "c", "d"], read.Tasks.Select(t => t.Key));
        Assert.Equal(["forankring", "kartlegging", "forankring", ""], read.Tasks.Select(t => t.StageKey));
        Assert.Equal(["plan", "notat", ""], read.Reports.Select(r => r.ReportKey));
        Assert.Equal(stored, ProgrammeStateJson.Write(read));
    }

    [Fact]
    public void AStateOfDefaults_RoundTripsExactly()
    {
        var state = new ProgrammeState();

        var read = ProgrammeStateJson.Read(ProgrammeStateJson.Write(state));

        Assert.Equal(Full(state), Full(read));
    }

    [Fact]
    public void ADocumentInTheEarlierShape_IsStillRead()
    {
        var state = EverythingSet();
        var earlier = JsonSerializer.Serialize(state, JsonColumn.Compact);
        Assert.Contains("\"stageKey\"", earlier, StringComparison.Ordinal);

        Assert.Equal(Full(state), Full(ProgrammeStateJson.Read(earlier)));
    }

    [Fact]
    public void TheStoredShape_IsSmaller_ThanTheEarlierShape()
    {
        var state = EverythingSet();

        var stored = ProgrammeStateJson.Write(state);

        Assert.DoesNotContain("stageKey", stored, StringComparison.Ordinal);
        Assert.True(stored.Length < JsonSerializer.Serialize(state, JsonColumn.Compact).Length * 0.8, stored);
    }

    [Fact]
    public async Task AProgrammeStoredInTheEarlierShape_TakesACommand_AndIsThenStoredInTheNewShape()
    {
        var id = await app.StartAsync("4601");
        var state = await app.WithDbAsync(db => db.Programmes.AsNoTracking().Where(p => p.Id == id).Select(p => p.State).SingleAsync());
        var earlier = JsonSerializer.Serialize(state, JsonColumn.Compact);
        await app.WithDbAsync(db => db.Database.ExecuteSqlAsync($"UPDATE programmes SET state = {earlier}::jsonb WHERE id = {id}"));
        Assert.Contains("\"stageKey\"", await StoredAsync(id), StringComparison.Ordinal);

        var response = await app.ClientAs(Roles.Coordinator, "4601").PostAsync($"/api/programmes/{id}/tasks/utpeke-kontaktperson/complete", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = await StoredAsync(id);
        Assert.DoesNotContain("\"stageKey\"", stored, StringComparison.Ordinal);
        var after = ProgrammeStateJson.Read(stored);
        Assert.Equal(TaskItemStatus.Done, after.Task("utpeke-kontaktperson")!.Status);
        // Apart from the completed task, the state is the one stored in the earlier shape.
        after.Task("utpeke-kontaktperson")!.Status = state.Task("utpeke-kontaktperson")!.Status;
        after.Task("utpeke-kontaktperson")!.CompletedOn = state.Task("utpeke-kontaktperson")!.CompletedOn;
        Assert.Equal(Full(state), Full(after));
    }

    private Task<string> StoredAsync(Guid id) =>
        app.WithDbAsync(db => db.Database.SqlQuery<string>($"SELECT state::text AS \"Value\" FROM programmes WHERE id = {id}").SingleAsync());
}
