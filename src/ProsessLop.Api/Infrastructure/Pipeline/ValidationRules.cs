using FluentValidation;

namespace ProsessLop.Api.Infrastructure.Pipeline;

/// The field rules several features share, with their Norwegian messages.
public static class ValidationRules
{
    public static IRuleBuilderOptions<T, string> RequiredText<T>(this IRuleBuilder<T, string> rule, string label, int maxLength) =>
        rule.NotEmpty().WithMessage($"{label} må fylles ut.")
            .MaximumLength(maxLength).WithMessage($"{label} kan ha høyst {maxLength} tegn.");

    public static IRuleBuilderOptions<T, string?> OptionalText<T>(this IRuleBuilder<T, string?> rule, string label, int maxLength) =>
        rule.MaximumLength(maxLength).WithMessage($"{label} kan ha høyst {maxLength} tegn.");
}
