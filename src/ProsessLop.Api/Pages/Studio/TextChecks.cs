namespace ProsessLop.Api.Pages.Studio;

/// What the studio refuses in the texts people read (a name, a description, a reflection prompt,
/// in either standard) before anything is saved: the validator would take them, but nobody
/// should have to read a name of a thousand characters or an invisible control character. A
/// nynorsk text needs its bokmål beside it (the definition's texts are bokmål first), and the
/// nynorsk reflection prompts cannot be more than the bokmål ones they translate.
public static class TextChecks
{
    /// The longest name or title (as a draft's name, StartDraft).
    public const int NameLength = 200;

    /// The longest description, purpose or guidance.
    public const int LongTextLength = 4000;

    /// The longest reflection prompt (one line).
    public const int LineLength = 500;

    /// The refused fields, by pointer, with the reason in the reader's standard; empty when all is well.
    public static IReadOnlyList<(string Pointer, string Message)> Refuse(IEnumerable<FieldSpec> specs, Func<string, IReadOnlyList<string>?> posted)
    {
        var refused = new List<(string, string)>();
        foreach (var spec in specs.Where(s => (s.Both || s.Nynorsk) && s.Kind is FieldKind.Text or FieldKind.OptionalText or FieldKind.TextArea or FieldKind.Lines))
        {
            if (posted(spec.Pointer) is not [.., var value])
            {
                continue;
            }

            var text = value.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
            if (Problem(spec, text) is { } problem)
            {
                refused.Add((spec.Pointer, problem));
                continue;
            }

            if (spec.Nynorsk && text.Length > 0 && posted(spec.Text) is [.., var bokmal] && WithoutBokmal(spec, text, bokmal) is { } missing)
            {
                refused.Add((spec.Pointer, missing));
            }
        }

        return refused;
    }

    private static string? Problem(FieldSpec spec, string text)
    {
        if (text.Any(c => char.IsControl(c) && c is not ('\n' or '\t')))
        {
            return StudioTexts.Editor_ControlCharacter;
        }

        var (longest, max) = spec.Kind switch
        {
            FieldKind.Lines => (text.Split('\n').Max(l => l.Trim().Length), LineLength),
            FieldKind.TextArea => (text.Length, LongTextLength),
            _ when text.Contains('\n', StringComparison.Ordinal) => (int.MaxValue, NameLength),
            _ => (text.Length, NameLength),
        };
        return longest <= max ? null
            : spec.Kind == FieldKind.Lines ? DraftPage.F(StudioTexts.Editor_LineTooLong, max, longest)
            : longest == int.MaxValue ? StudioTexts.Editor_OneLine
            : DraftPage.F(StudioTexts.Editor_TooLong, max, longest);
    }

    private static string? WithoutBokmal(FieldSpec spec, string nynorsk, string bokmal)
    {
        if (spec.Kind != FieldKind.Lines)
        {
            return bokmal.Trim().Length == 0 ? StudioTexts.Editor_NynorskWithoutBokmal : null;
        }

        var prompts = bokmal.Split('\n').Count(l => l.Trim().Length > 0);
        var lines = DraftEditor.NynorskLines(nynorsk).Count;
        return lines > prompts ? DraftPage.F(StudioTexts.Editor_NynorskTooManyLines, lines, prompts) : null;
    }
}
