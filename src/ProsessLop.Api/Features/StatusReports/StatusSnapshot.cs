using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ProsessLop.Api.Infrastructure.Persistence;
using ProsessLop.Workflow.Definitions;
using ProsessLop.Workflow.Engine;

namespace ProsessLop.Api.Features.StatusReports;

/// A compiled status (sammenstilling) of every programme of one definition at one moment.
/// Immutable: what KS and Kulturskolerådet were sent must stay what they were sent, so
/// comparisons between two compilations mean something. Only ever inserted.
public sealed class StatusSnapshot
{
    public Guid Id { get; init; }
    public required string DefinitionKey { get; init; }
    public DateTimeOffset CompiledAt { get; init; }
    public List<int> DefinitionVersions { get; init; } = [];
    public required string CompiledBy { get; init; }
    public required StatusContent Content { get; init; }
}

internal sealed class StatusSnapshotMap : IEntityTypeConfiguration<StatusSnapshot>
{
    public void Configure(EntityTypeBuilder<StatusSnapshot> e)
    {
        e.ToTable("status_snapshots");
        e.Property(s => s.DefinitionKey).HasMaxLength(100);
        e.Property(s => s.CompiledBy).HasMaxLength(200);
        e.Property(s => s.Content).IsJson();
        e.HasIndex(s => new { s.DefinitionKey, s.CompiledAt });
    }
}

public sealed record StatusContent(
    string DefinitionKey, string DefinitionName, DateOnly Today, Guid? PreviousSnapshotId, DateTimeOffset? PreviousCompiledAt,
    StatusTotals Totals, IReadOnlyList<ParticipantStatus> Programmes, IReadOnlyList<LearningItem> NewLearning);

/// Counts keyed by code (health status or stage key) with the Norwegian label beside it.
public sealed record CountBy(string Key, string Label, int Count);

public sealed record StatusTotals(
    int Programmes, int Active, int Withdrawn, IReadOnlyList<CountBy> ByHealth, IReadOnlyList<CountBy> ByStage,
    int OverdueTasks, int LateReports, int AwaitingReview, int OpenDeviations, int NewLearningEntries);

public sealed record ParticipantStatus(
    Guid ProgrammeId, ParticipantKind ParticipantKind, string ParticipantId, string ParticipantName, int DefinitionVersion,
    ProgrammeStatus Status, DateOnly? WithdrawnOn, string StageKey, string StageName, Health Health, IReadOnlyList<StatusReason> Reasons,
    DateOnly? NextDeadline, IReadOnlyList<ItemRef> OverdueTasks, IReadOnlyList<ItemRef> ReportsDue, IReadOnlyList<ItemRef> LateReports,
    IReadOnlyList<ItemRef> AwaitingReview, IReadOnlyList<ItemRef> DeliveredReports, int OpenDeviations, IReadOnlyList<RiskItem> TopRisks,
    int NewLearningEntries)
{
    public bool Withdrawn => Status == ProgrammeStatus.Withdrawn;
}

public sealed record ItemRef(string Key, string Name, DateOnly Due, string Status);

public sealed record RiskItem(Guid Id, string Description, int Probability, int Consequence, int Score);

public sealed record LearningItem(Guid Id, Guid ProgrammeId, string ParticipantName, string StageKey, string WhatWeLearned, DateTimeOffset CreatedAt);

/// Norwegian labels for what people read (mail, CSV, XLSX).
public static class StatusTexts
{
    /// A programme the owner ended: the same words as its health and its status.
    public const string WithdrawnLabel = "Trukket fra programmet";

    public static string Health(Health health) => health switch
    {
        Workflow.Engine.Health.NotStarted => "Ikke startet",
        Workflow.Engine.Health.OnTrack => "I rute",
        Workflow.Engine.Health.AtRisk => "Risiko for forsinkelse",
        Workflow.Engine.Health.Late => "Forsinket",
        Workflow.Engine.Health.Done => "Fullført",
        _ => WithdrawnLabel,
    };

    public static string Programme(ProgrammeStatus status) => status switch
    {
        ProgrammeStatus.Active => "Aktiv",
        ProgrammeStatus.Completed => "Fullført",
        _ => WithdrawnLabel,
    };

    /// An enum value as the API writes it (camelCase), for codes inside the stored content.
    public static string Code<T>(T value) where T : struct, Enum => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(value.ToString());

    public static string Date(DateOnly? date) => Infrastructure.ShownTime.Date(date);
}
