using System.Text.Json.Serialization;
using FluentValidation;
using ProsessLop.Workflow.Definitions;

namespace ProsessLop.Api.Features.Programmes;

/// Whether a deviation or risk still needs attention.
[JsonConverter(typeof(CamelCaseEnumConverter<TrackingStatus>))]
public enum TrackingStatus
{
    Open,
    Closed,
}

public static class Tracking
{
    public static IRuleBuilderOptions<T, TrackingStatus> ValidStatus<T>(this IRuleBuilder<T, TrackingStatus> rule) =>
        rule.IsInEnum().WithMessage(_ => ProgrammeTexts.Tracking_Status);

    /// The journal action for an update: "x-closed" when it closes the item, else "x-updated".
    public static string UpdateAction(string noun, TrackingStatus before, TrackingStatus after) =>
        before == TrackingStatus.Open && after == TrackingStatus.Closed ? $"{noun}-closed" : $"{noun}-updated";
}
