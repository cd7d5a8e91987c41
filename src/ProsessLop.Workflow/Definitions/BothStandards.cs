using System.Globalization;

namespace ProsessLop.Workflow.Definitions;

/// A sentence for owners said in both standards at once. Validation results are cached (per
/// revision, per draft) and read by people of either standard, so the text is made once in
/// bokmål and once in nynorsk and the reader's culture picks one when it is read.
public static class BothStandards
{
    private static readonly CultureInfo Bokmal = CultureInfo.GetCultureInfo("nb-NO");
    private static readonly CultureInfo Nynorsk = CultureInfo.GetCultureInfo("nn-NO");

    public static LocalizedText Say(Func<string> text)
    {
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = Bokmal;
            var nb = text();
            CultureInfo.CurrentUICulture = Nynorsk;
            return new LocalizedText(nb, text());
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    /// A resource text with its blanks filled (numbers as they are, no culture's grouping).
    public static string Format(string text, params object?[] args) => string.Format(CultureInfo.InvariantCulture, text, args);

    /// A definition's own text (a name) in the standard being said.
    public static string Name(LocalizedText? text) => text?.Current ?? "";
}
