using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ProsessLop.Api.Features.Programmes;
using ProsessLop.Api.Infrastructure.Pipeline;

namespace ProsessLop.Api.Features.Risks;

/// A risiko in a programme: how likely (1–5), how bad if it happens (1–5), what is done to
/// reduce it and who follows it up. The score (probability × consequence) is computed on read.
public sealed class Risk
{
    public Guid Id { get; init; }
    public Guid ProgrammeId { get; init; }
    public required string Description { get; set; }
    public int Probability { get; set; }
    public int Consequence { get; set; }
    public string? Mitigation { get; set; }
    public required string Owner { get; set; }
    public TrackingStatus Status { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
    public uint Version { get; init; }
}

internal sealed class RiskMap : IEntityTypeConfiguration<Risk>
{
    public void Configure(EntityTypeBuilder<Risk> e)
    {
        e.ToTable("risks", t =>
        {
            t.HasCheckConstraint("ck_risks_probability", "probability BETWEEN 1 AND 5");
            t.HasCheckConstraint("ck_risks_consequence", "consequence BETWEEN 1 AND 5");
        });
        e.Property(r => r.Description).HasMaxLength(RiskLimits.Text);
        e.Property(r => r.Mitigation).HasMaxLength(RiskLimits.Text);
        e.Property(r => r.Owner).HasMaxLength(RiskLimits.Owner);
        e.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
        e.Property(r => r.Version).IsRowVersion();
        e.HasOne<Programme>().WithMany().HasForeignKey(r => r.ProgrammeId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(r => new { r.ProgrammeId, r.Status });
    }
}

public static class RiskLimits
{
    public const int Text = 4000;
    public const int Owner = 200;
}

/// What a person writes about a risk, shared by recording and updating one.
public interface IRiskFields
{
    string Description { get; }
    int Probability { get; }
    int Consequence { get; }
    string? Mitigation { get; }
    string Owner { get; }
}

public abstract class RiskFieldsValidator<T> : AbstractValidator<T> where T : IRiskFields
{
    protected RiskFieldsValidator()
    {
        RuleFor(r => r.Description).RequiredText(() => Texts.Field_Description, RiskLimits.Text);
        RuleFor(r => r.Probability).InclusiveBetween(1, 5).WithMessage(_ => Texts.Form_ProbabilityRange);
        RuleFor(r => r.Consequence).InclusiveBetween(1, 5).WithMessage(_ => Texts.Form_ConsequenceRange);
        RuleFor(r => r.Mitigation).OptionalText(() => Texts.Field_Action, RiskLimits.Text);
        RuleFor(r => r.Owner).RequiredText(() => Texts.Field_Owner, RiskLimits.Owner);
    }
}

public sealed record RiskView(
    Guid Id, Guid ProgrammeId, string Description, int Probability, int Consequence, int Score, string? Mitigation, string Owner,
    TrackingStatus Status, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, uint Version)
{
    public static RiskView From(Risk r) =>
        new(r.Id, r.ProgrammeId, r.Description, r.Probability, r.Consequence, r.Probability * r.Consequence, r.Mitigation, r.Owner,
            r.Status, r.CreatedAt, r.UpdatedAt, r.Version);
}

/// What the journal keeps of a risk before and after a change.
public sealed record RiskSnapshot(string Description, int Probability, int Consequence, string? Mitigation, string Owner, TrackingStatus Status)
{
    public static RiskSnapshot From(Risk r) => new(r.Description, r.Probability, r.Consequence, r.Mitigation, r.Owner, r.Status);
}
