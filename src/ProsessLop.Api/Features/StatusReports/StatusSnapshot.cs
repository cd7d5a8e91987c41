using System.Globalization;
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
    /// Sign-in subject of whoever compiled it (or "system" for the scheduled job).
    public required string CompiledBy { get; init; }

    /// Their name as people read it, kept as it was when compiled, like the rest of the snapshot.
    public required string CompiledByName { get; init; }
    public required StatusContent Content { get; init; }
}

internal sealed class StatusSnapshotMap : IEntityTypeConfiguration<StatusSnapshot>
{
    public void Configure(EntityTypeBuilder<StatusSnapshot> e)
    {
        e.ToTable("status_snapshots");
        e.Property(s => s.DefinitionKey).HasMaxLength(100);
        e.Property(s => s.CompiledBy).HasMaxLength(200);
        e.Property(s => s.CompiledByName).HasMaxLength(200);
        e.Property(s => s.Content).IsJson();
        e.HasIndex(s => new { s.DefinitionKey, s.CompiledAt });
    }
}

public sealed record StatusContent(
    string DefinitionKey, string DefinitionName, DateOnly Today, Guid? PreviousSnapshotId, DateTimeOffset? PreviousCompiledAt,
    StatusTotals Totals, IReadOnlyList<ParticipantStatus> Programmes, IReadOnlyList<LearningItem> NewLearning);

/// Counts keyed by code (health status or stage key) with the Norwegian label beside it (in the
/// standard of whoever compiled it: pages and mails take a health's label from its code).
public sealed record CountBy(string Key, string Label, int Count);

public sealed record StatusTotals(
    int Programmes, int Active, int Withdrawn, IReadOnlyList<CountBy> ByHealth, IReadOnlyList<CountBy> ByStage,
    int OverdueTasks, int LateReports, int AwaitingReview, int OpenDeviations, int NewLearningEntries)
{
    /// Every figure with its label in the reader's standard, in the order people read them: the
    /// mail lists them, a comparison reports those that changed. Health labels come from the code
    /// (the stored label is the one of whoever compiled it); stage names are the definition's.
    public IReadOnlyList<TotalFigure> Figures() =>
    [
        new("programmes", StatusReportTexts.Figure_Programmes, Programmes),
        new("active", StatusReportTexts.Figure_Active, Active),
        new("withdrawn", StatusTexts.WithdrawnLabel, Withdrawn),
        new("overdueTasks", StatusFigures.OverdueTasks.Label, OverdueTasks),
        new("lateReports", StatusFigures.LateReports.Label, LateReports),
        new("awaitingReview", StatusFigures.AwaitingReview.Label, AwaitingReview),
        new("openDeviations", StatusFigures.OpenDeviations.Label, OpenDeviations),
        new("newLearningEntries", StatusReportTexts.Figure_NewLearning, NewLearningEntries),
        .. ByHealth.Select(h => new TotalFigure($"health:{h.Key}", Vocabulary.Format(StatusReportTexts.Figure_Status, StatusTexts.HealthLabel(h)), h.Count)),
        .. ByStage.Select(s => new TotalFigure($"stage:{s.Key}", Vocabulary.Format(StatusReportTexts.Figure_Stage, s.Label), s.Count)),
    ];
}

public sealed record TotalFigure(string Key, string Label, int Value);

/// <param name="Reasons">Why the health is what it is, in the standard it was computed in: a
/// snapshot's are bokmål (the record as sent), the live overview's its reader's.</param>
/// <param name="NynorskReasons">A snapshot's reasons in nynorsk, kept beside the bokmål ones when
/// it is compiled, so a nynorsk reader reads them in nynorsk (<see cref="StatusTexts.StoredReasons"/>).
/// Absent from snapshots compiled before there was nynorsk, and from the live overview.</param>
public sealed record ParticipantStatus(
    Guid ProgrammeId, ParticipantKind ParticipantKind, string ParticipantId, string ParticipantName, int DefinitionVersion,
    ProgrammeStatus Status, DateOnly? WithdrawnOn, string StageKey, string StageName, Health Health, IReadOnlyList<StatusReason> Reasons,
    DateOnly? NextDeadline, IReadOnlyList<ItemRef> OverdueTasks, IReadOnlyList<ItemRef> ReportsDue, IReadOnlyList<ItemRef> LateReports,
    IReadOnlyList<ItemRef> AwaitingReview, IReadOnlyList<ItemRef> DeliveredReports, int OpenDeviations, IReadOnlyList<RiskItem> TopRisks,
    int NewLearningEntries, IReadOnlyList<StatusReason>? NynorskReasons = null)
{
    public bool Withdrawn => Status == ProgrammeStatus.Withdrawn;
}

public sealed record ItemRef(string Key, string Name, DateOnly Due, string Status);

/// One figure of a status report: its name and how it is counted per programme and in total.
/// The report page's card, its table columns and sum row, the overview, the mail and the
/// exports all show these, so a label always means the same count and the totals add up.
public sealed record StatusFigure(Func<string> Name, Func<ParticipantStatus, int> PerProgramme, Func<StatusTotals, int> Total)
{
    /// The label in the reader's standard (the current UI culture).
    public string Label => Name();

    public int Sum(IEnumerable<ParticipantStatus> rows) => rows.Sum(PerProgramme);
}

public static class StatusFigures
{
    public static readonly StatusFigure OverdueTasks = new(() => StatusReportTexts.Figure_OverdueTasks, p => p.OverdueTasks.Count, t => t.OverdueTasks);
    public static readonly StatusFigure LateReports = new(() => StatusReportTexts.Figure_LateReports, p => p.LateReports.Count, t => t.LateReports);
    public static readonly StatusFigure AwaitingReview = new(() => StatusReportTexts.Figure_AwaitingReview, p => p.AwaitingReview.Count, t => t.AwaitingReview);
    public static readonly StatusFigure OpenDeviations = new(() => StatusReportTexts.Figure_OpenDeviations, p => p.OpenDeviations, t => t.OpenDeviations);

    /// The figures of the totals card, in order.
    public static readonly IReadOnlyList<StatusFigure> Card = [OverdueTasks, LateReports, AwaitingReview, OpenDeviations];

    /// The figures shown per participant in the status tables, each with its sum.
    public static readonly IReadOnlyList<StatusFigure> Columns = [OverdueTasks, LateReports, AwaitingReview];
}

public sealed record RiskItem(Guid Id, string Description, int Probability, int Consequence, int Score);

public sealed record LearningItem(Guid Id, Guid ProgrammeId, string ParticipantName, string StageKey, string WhatWeLearned, DateTimeOffset CreatedAt);

/// Labels for what people read (pages, mail, CSV, XLSX) in the current UI culture's standard.
public static class StatusTexts
{
    /// A programme the owner ended: the same words as its health and its status.
    public static string WithdrawnLabel => Vocabulary.Withdrawn;

    public static string Health(Health health) => Vocabulary.Health(health);

    /// A stored count's health label in the reader's standard: from its code, the stored label
    /// only when the code is unknown.
    public static string HealthLabel(CountBy count) =>
        Enum.TryParse<Health>(count.Key, ignoreCase: true, out var health) ? Health(health) : count.Label;

    public static string Programme(ProgrammeStatus status) => Vocabulary.Programme(status);

    /// A snapshot's reasons in the reader's standard, with the language of their words when that
    /// is not the reader's (for a lang attribute): a snapshot compiled before nynorsk was kept
    /// has bokmål reasons only, which a nynorsk reader is shown as they are, marked "nb".
    public static (IReadOnlyList<StatusReason> Reasons, string? Lang) StoredReasons(ParticipantStatus p) =>
        !Infrastructure.Language.WrittenStandards.IsNynorsk(CultureInfo.CurrentUICulture) ? (p.Reasons, null)
        : p.NynorskReasons is { } nynorsk ? (nynorsk, null)
        : (p.Reasons, p.Reasons.Count > 0 ? "nb" : null);

    /// An enum value as the API writes it (camelCase), for codes inside the stored content.
    public static string Code<T>(T value) where T : struct, Enum => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(value.ToString());

    public static string Date(DateOnly? date) => Infrastructure.ShownTime.Date(date);
}
