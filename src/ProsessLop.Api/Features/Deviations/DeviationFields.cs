using FluentValidation;
using ProsessLop.Api.Features.Programmes;
using ProsessLop.Api.Infrastructure.Pipeline;

namespace ProsessLop.Api.Features.Deviations;

/// What a person writes about a deviation, shared by recording and updating one.
public interface IDeviationFields
{
    string Description { get; }
    string? Cause { get; }
    string? Consequence { get; }
    string? Action { get; }
    string Owner { get; }
    DateOnly Deadline { get; }
}

public abstract class DeviationFieldsValidator<T> : AbstractValidator<T> where T : IDeviationFields
{
    protected DeviationFieldsValidator()
    {
        RuleFor(d => d.Description).RequiredText("Beskrivelse", DeviationLimits.Text);
        RuleFor(d => d.Cause).OptionalText("Årsak", DeviationLimits.Text);
        RuleFor(d => d.Consequence).OptionalText("Konsekvens", DeviationLimits.Text);
        RuleFor(d => d.Action).OptionalText("Tiltak", DeviationLimits.Text);
        RuleFor(d => d.Owner).RequiredText("Ansvarlig", DeviationLimits.Owner);
        RuleFor(d => d.Deadline).NotEmpty().WithMessage("Frist må fylles ut.");
    }
}

public sealed record DeviationView(
    Guid Id, Guid ProgrammeId, string Description, string? Cause, string? Consequence, string? Action, string Owner,
    DateOnly Deadline, TrackingStatus Status, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? ClosedAt, uint Version)
{
    public static DeviationView From(Deviation d) =>
        new(d.Id, d.ProgrammeId, d.Description, d.Cause, d.Consequence, d.Action, d.Owner, d.Deadline, d.Status, d.CreatedAt, d.UpdatedAt, d.ClosedAt, d.Version);
}

/// What the journal keeps of a deviation before and after a change.
public sealed record DeviationSnapshot(string Description, string? Cause, string? Consequence, string? Action, string Owner, DateOnly Deadline, TrackingStatus Status)
{
    public static DeviationSnapshot From(Deviation d) => new(d.Description, d.Cause, d.Consequence, d.Action, d.Owner, d.Deadline, d.Status);
}
