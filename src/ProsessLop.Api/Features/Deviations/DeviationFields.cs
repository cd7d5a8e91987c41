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
        RuleFor(d => d.Description).RequiredText(() => Texts.Field_Description, DeviationLimits.Text);
        RuleFor(d => d.Cause).OptionalText(() => Texts.Field_Cause, DeviationLimits.Text);
        RuleFor(d => d.Consequence).OptionalText(() => Texts.Field_Consequence, DeviationLimits.Text);
        RuleFor(d => d.Action).OptionalText(() => Texts.Field_Action, DeviationLimits.Text);
        RuleFor(d => d.Owner).RequiredText(() => Texts.Field_Owner, DeviationLimits.Owner);
        RuleFor(d => d.Deadline).NotEmpty().WithMessage(_ => Workflow.Engine.Vocabulary.Format(Texts.Form_Required, Texts.Field_Deadline));
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
