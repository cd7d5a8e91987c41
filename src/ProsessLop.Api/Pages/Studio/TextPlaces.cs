using System.Globalization;
using System.Text.Json.Nodes;

namespace ProsessLop.Api.Pages.Studio;

/// Where a text of a definition is, in words an owner knows («Fase «Forankring», oppgåve «Etablere
/// kommunegruppa»: namn»), in the reader's standard, with the names as the reader reads them. The
/// validator names texts by JSON Pointer, which is for files and tools, not for people.
public static class TextPlaces
{
    // The lists that hold named things, with the words for one of them (looked up per request: the reader's standard).
    private static readonly Dictionary<string, (Func<string> Format, string NameProperty)> Containers = new(StringComparer.Ordinal)
    {
        ["stages"] = (() => StudioTexts.Place_Stage, "name"),
        ["tasks"] = (() => StudioTexts.Place_Task, "name"),
        ["reports"] = (() => StudioTexts.Place_Report, "name"),
        ["sections"] = (() => StudioTexts.Place_Section, "title"),
    };

    public static string Of(JsonNode? root, string pointer)
    {
        var parts = DraftEditor.Segments(pointer).ToList();
        var where = new List<string>();
        var at = "";
        string? field = null;
        for (var i = 0; i < parts.Count && field is null; i++)
        {
            var part = parts[i];
            var item = i + 1 < parts.Count && int.TryParse(parts[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1;
            if (item >= 0 && Containers.TryGetValue(part, out var container))
            {
                at += $"/{part}/{item}";
                i++;
                var node = DraftEditor.At(root, at);
                var name = DraftEditor.Current(node?[container.NameProperty], DraftEditor.Str(node?["key"], (item + 1).ToString(CultureInfo.CurrentCulture)));
                where.Add(DraftPage.F(container.Format(), name));
                continue;
            }

            switch (part)
            {
                case "reflectionPrompts" when item >= 0:
                    field = DraftPage.F(StudioTexts.Place_Prompt, item + 1);
                    break;
                case "name" when where.Count == 0:
                    return StudioTexts.Place_ProgrammeName;
                case "description" when where.Count == 0:
                    return StudioTexts.Place_ProgrammeDescription;
                case "name":
                    field = StudioTexts.Place_Name;
                    break;
                case "title":
                    field = StudioTexts.Place_Title;
                    break;
                case "description":
                    field = parts.Count == 3 ? StudioTexts.Place_Purpose : StudioTexts.Place_Description;
                    break;
                case "guidance":
                    field = StudioTexts.Place_Guidance;
                    break;
                default:
                    return pointer;
            }
        }

        return where.Count == 0 ? pointer : string.Join(", ", where) + (field is null ? "" : ": " + field);
    }

    /// The id of the nynorsk field for the text at the pointer, on the page <see cref="StudioLinks.ForProblem"/> gives.
    public static string NynorskFieldId(string pointer) =>
        DraftEditor.FieldId(pointer.Contains("/reflectionPrompts/", StringComparison.Ordinal)
            ? DraftEditor.Split(pointer).Parent + "/nn"
            : pointer + "/nn");
}
