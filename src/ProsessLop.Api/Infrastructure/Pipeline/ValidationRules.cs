using FluentValidation;
using ProsessLop.Workflow.Engine;

namespace ProsessLop.Api.Infrastructure.Pipeline;

/// The field rules several features share, with their messages in the reader's standard
/// (Texts.resx: Form_*). The messages are built when a command is validated, not when the
/// validator is made, so each request reads its own culture; a label given as a function is
/// read then too (a label given as text is used as it is).
public static class ValidationRules
{
    public static IRuleBuilderOptions<T, string> RequiredText<T>(this IRuleBuilder<T, string> rule, Func<string> label, int maxLength) =>
        rule.NotEmpty().WithMessage(_ => Vocabulary.Format(Texts.Form_Required, label()))
            .MaximumLength(maxLength).WithMessage(_ => Vocabulary.Format(Texts.Form_MaxLength, label(), maxLength));

    public static IRuleBuilderOptions<T, string?> OptionalText<T>(this IRuleBuilder<T, string?> rule, Func<string> label, int maxLength) =>
        rule.MaximumLength(maxLength).WithMessage(_ => Vocabulary.Format(Texts.Form_MaxLength, label(), maxLength));

    public static IRuleBuilderOptions<T, string> RequiredText<T>(this IRuleBuilder<T, string> rule, string label, int maxLength) =>
        rule.RequiredText(() => label, maxLength);

    public static IRuleBuilderOptions<T, string?> OptionalText<T>(this IRuleBuilder<T, string?> rule, string label, int maxLength) =>
        rule.OptionalText(() => label, maxLength);
}
