using System.Globalization;
using System.Text.Json.Nodes;

namespace ProsessLop.Api.Pages.Studio;

// The studio's forms edit a draft's JSON in place: every form field is named by the JSON Pointer
// it writes, so a post changes exactly the fields its page showed and leaves everything else in
// the document (unknown properties, other stages) as it was. The validator's problems carry the
// same pointers, which is how they find their way back to the field they concern.

public enum FieldKind
{
    /// A required text: empty is written as "" (the validator then says it cannot be empty).
    Text,
    /// An optional text: empty removes the property.
    OptionalText,
    /// Longer text in a textarea; optional like <see cref="OptionalText"/> when the spec says so.
    TextArea,
    /// A whole number; what is not a number is written as typed, and the validator names it.
    Number,
    /// A whole number that may be left empty (removes the property).
    OptionalNumber,
    /// A checkbox (true/false).
    Check,
    /// One of <see cref="FieldSpec.Options"/>.
    Select,
    /// Several of <see cref="FieldSpec.Options"/> (checkboxes): an array of strings.
    Choices,
    /// An array of strings, one per line.
    Lines,
    /// An array of whole numbers, separated by commas.
    NumberList,
    /// A checkbox that says whether an optional object is there at all; its fields follow it.
    Presence,
    /// Not a field: a fieldset (a stage, a task, a gate) that problems about the whole can point at.
    Group,
}

/// A field of a studio form. <paramref name="Both"/>: a text people read, written in both standards
/// (LocalizedText in the definition): the page shows a nynorsk field beside it, at the pointer
/// + "/nn" (<paramref name="Nynorsk"/>), which writes the text's "nn" (empty: the plain string serves both).
public sealed record FieldSpec(
    string Pointer, FieldKind Kind, string Label, string? Hint = null, IReadOnlyList<(string Value, string Text)>? Options = null, string? Default = null,
    bool Optional = false, bool Both = false, bool Nynorsk = false)
{
    /// The pointer of the text a nynorsk field belongs to ("/name/nn" → "/name").
    public string Text => Nynorsk ? DraftEditor.Split(Pointer).Parent : Pointer;
}

public static class DraftEditor
{
    /// The HTML id of the control (or fieldset) for a pointer: "/stages/1/tasks/0/name" → "f-stages-1-tasks-0-name".
    public static string FieldId(string pointer) => FormPage.Id("f" + pointer.Replace('/', '-'));

    public static JsonNode? At(JsonNode? root, string pointer)
    {
        var current = root;
        foreach (var segment in Segments(pointer))
        {
            current = current switch
            {
                JsonObject o => o[segment],
                JsonArray a when int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < a.Count => a[i],
                _ => null,
            };
            if (current is null)
            {
                return null;
            }
        }

        return current;
    }

    public static JsonArray? ArrayAt(JsonNode? root, string pointer) => At(root, pointer) as JsonArray;

    public static JsonObject? ObjectAt(JsonNode? root, string pointer) => At(root, pointer) as JsonObject;

    public static string? Text(JsonNode? root, string pointer) =>
        Bokmal(At(root, pointer)) is JsonValue v ? (v.TryGetValue<string>(out var s) ? s : v.ToJsonString()) : null;

    // A text in both standards ({ "nb": …, "nn": … }) is edited as its bokmål in its own field and
    // its nynorsk in the field beside it; saving the bokmål keeps the nynorsk (SetText).
    private static JsonNode? Bokmal(JsonNode? node) => node is JsonObject o && o["nb"] is JsonValue nb ? nb : node;

    /// The nynorsk of a text, or "" when it has none (a plain string serves both standards).
    public static string NynorskOf(JsonNode? node) =>
        node is JsonObject o && o["nn"] is JsonValue nn && nn.TryGetValue<string>(out var s) ? s : "";

    /// A text in the reader's standard: its nynorsk for a nynorsk reader when it has one, else its bokmål.
    public static string Current(JsonNode? node, string fallback = "") =>
        CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "nn" && NynorskOf(node) is { Length: > 0 } nn ? nn : Str(node, fallback);

    public static IEnumerable<string> Segments(string pointer) =>
        pointer.Length == 0 ? [] : pointer[1..].Split('/').Select(s => s.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal));

    public static (string Parent, string Name) Split(string pointer)
    {
        var slash = pointer.LastIndexOf('/');
        return (pointer[..slash], pointer[(slash + 1)..]);
    }

    /// The value shown in a control for a pointer (the stored one, or the spec's default when absent).
    public static string Shown(JsonNode root, FieldSpec spec)
    {
        if (spec.Nynorsk)
        {
            var text = At(root, spec.Text);
            return spec.Kind == FieldKind.Lines
                ? string.Join('\n', (text as JsonArray ?? []).Select(NynorskOf)).TrimEnd('\n')
                : NynorskOf(text);
        }

        var node = At(root, spec.Pointer);
        return spec.Kind switch
        {
            FieldKind.Lines when node is JsonArray a => string.Join('\n', a.Select(i => Bokmal(i) is JsonValue v && v.TryGetValue<string>(out var s) ? s : i?.ToJsonString())),
            FieldKind.NumberList when node is JsonArray a => string.Join(", ", a.Select(i => i is JsonValue v && v.TryGetValue<string>(out var s) ? s : i?.ToJsonString())),
            _ when Bokmal(node) is JsonValue => Text(root, spec.Pointer) ?? "",
            _ => spec.Default ?? "",
        };
    }

    public static bool IsChecked(JsonNode root, FieldSpec spec) => spec.Kind switch
    {
        FieldKind.Presence => At(root, spec.Pointer) is JsonObject,
        _ => At(root, spec.Pointer) is JsonValue v && v.TryGetValue<bool>(out var b) ? b : spec.Default == "true",
    };

    public static IReadOnlySet<string> Chosen(JsonNode root, FieldSpec spec) =>
        (ArrayAt(root, spec.Pointer) ?? []).Select(i => i is JsonValue v && v.TryGetValue<string>(out var s) ? s : null).OfType<string>().ToHashSet(StringComparer.Ordinal);

    /// Writes what a form posted into the document, field by field in the page's order. A
    /// presence box left empty removes its object, and the fields inside it are then skipped. A
    /// field the post does not carry at all is left as it is (a box not ticked is not sent, so
    /// for boxes absence means false; choice lists carry an empty value to be present).
    public static void Apply(JsonObject root, IEnumerable<FieldSpec> fields, Func<string, IReadOnlyList<string>?> posted)
    {
        var removed = new List<string>();
        foreach (var spec in fields)
        {
            if (spec.Kind == FieldKind.Group || removed.Any(r => spec.Pointer.StartsWith(r + "/", StringComparison.Ordinal)))
            {
                continue;
            }

            var values = posted(spec.Pointer);
            if (values is null && spec.Kind is not (FieldKind.Check or FieldKind.Presence))
            {
                continue;
            }

            values ??= [];
            var single = values.Count > 0 ? values[^1] : null;
            var text = single?.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
            if (spec.Nynorsk)
            {
                SetNynorsk(root, spec, text ?? "");
                continue;
            }

            switch (spec.Kind)
            {
                case FieldKind.Presence when values.Count == 0:
                    Remove(root, spec.Pointer);
                    removed.Add(spec.Pointer);
                    break;
                case FieldKind.Presence:
                    if (At(root, spec.Pointer) is not JsonObject)
                    {
                        Set(root, spec.Pointer, new JsonObject());
                    }

                    break;
                case FieldKind.Check:
                    Set(root, spec.Pointer, values.Contains("true"));
                    break;
                case FieldKind.Choices:
                    Set(root, spec.Pointer, new JsonArray([.. values.Where(v => v.Length > 0).Distinct().Select(v => (JsonNode)v)]));
                    break;
                case FieldKind.Lines:
                    Set(root, spec.Pointer, Lines(ArrayAt(root, spec.Pointer), text ?? ""));
                    break;
                case FieldKind.NumberList:
                    Set(root, spec.Pointer, new JsonArray([.. (text ?? "").Split([',', ' ', ';', '\n'], StringSplitOptions.RemoveEmptyEntries).Select(Number)]));
                    break;
                case FieldKind.Number or FieldKind.OptionalNumber when string.IsNullOrEmpty(text):
                    if (spec.Kind == FieldKind.OptionalNumber)
                    {
                        Remove(root, spec.Pointer);
                    }
                    else
                    {
                        Set(root, spec.Pointer, "");
                    }

                    break;
                case FieldKind.Number or FieldKind.OptionalNumber:
                    Set(root, spec.Pointer, Number(text!));
                    break;
                case FieldKind.OptionalText or FieldKind.TextArea or FieldKind.Select when spec.Optional && string.IsNullOrEmpty(text):
                case FieldKind.OptionalText when string.IsNullOrEmpty(text):
                    Remove(root, spec.Pointer);
                    break;
                default:
                    SetText(root, spec.Pointer, text ?? "");
                    break;
            }
        }
    }

    // The lines as an array of texts. A line whose bokmål is unchanged at its place keeps the
    // nynorsk it had (the nynorsk field, when posted, then says what it is).
    private static JsonArray Lines(JsonArray? before, string text) =>
        new([.. text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).Select((line, i) =>
            before is not null && i < before.Count && before[i] is JsonObject both && Str(both) == line && NynorskOf(both).Length > 0
                ? both.DeepClone()
                : (JsonNode)line)]);

    /// The lines of a nynorsk field for reflection prompts: line i is the nynorsk of bokmål line i,
    /// an empty line means "as the bokmål"; empty lines at the end say nothing.
    public static IReadOnlyList<string> NynorskLines(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(l => l.Trim()).ToList();
        while (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        return lines;
    }

    // The nynorsk beside a text: "" makes it the plain bokmål string again (one text for both
    // standards, as the files write it), anything else { "nb", "nn" }. A text that is not there
    // (an optional bokmål left empty) gets no nynorsk: the page refuses that before it saves.
    private static void SetNynorsk(JsonObject root, FieldSpec spec, string text)
    {
        if (spec.Kind == FieldKind.Lines)
        {
            if (ArrayAt(root, spec.Text) is { } items)
            {
                var lines = NynorskLines(text);
                for (var i = 0; i < items.Count; i++)
                {
                    items[i] = Both(Str(items[i]), i < lines.Count ? lines[i] : "");
                }
            }

            return;
        }

        if (Bokmal(At(root, spec.Text)) is JsonValue nb && nb.TryGetValue<string>(out var bokmal))
        {
            Set(root, spec.Text, Both(bokmal, text));
        }
    }

    private static JsonNode Both(string bokmal, string nynorsk) =>
        nynorsk.Length == 0 ? JsonValue.Create(bokmal) : new JsonObject { ["nb"] = bokmal, ["nn"] = nynorsk };

    // A number where the text is one; otherwise the text itself, so the validator can say what is wrong where.
    private static JsonNode Number(string text) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? JsonValue.Create(n) : JsonValue.Create(text);

    /// A text field: into the bokmål of a text that has both standards, else the text itself.
    public static void SetText(JsonObject root, string pointer, string text)
    {
        if (At(root, pointer) is JsonObject both && both.ContainsKey("nb"))
        {
            both["nb"] = text;
            return;
        }

        Set(root, pointer, text);
    }

    public static void Set(JsonObject root, string pointer, JsonNode? value)
    {
        var (parent, name) = Split(pointer);
        var container = At(root, parent) ?? Create(root, parent);
        switch (container)
        {
            case JsonObject o:
                o[name] = value;
                break;
            case JsonArray a when int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < a.Count:
                a[i] = value;
                break;
        }
    }

    private static JsonNode Create(JsonObject root, string pointer)
    {
        var created = new JsonObject();
        Set(root, pointer, created);
        return created;
    }

    public static void Remove(JsonObject root, string pointer)
    {
        var (parent, name) = Split(pointer);
        switch (At(root, parent))
        {
            case JsonObject o:
                o.Remove(name);
                break;
            case JsonArray a when int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < a.Count:
                a.RemoveAt(i);
                break;
        }
    }

    /// Moves an item of an array one place up (-1) or down (+1); false at either end.
    public static bool Move(JsonObject root, string pointer, int by)
    {
        var (parent, name) = Split(pointer);
        if (ArrayAt(root, parent) is not { } array || !int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var i) || i >= array.Count)
        {
            return false;
        }

        var j = i + by;
        if (j < 0 || j >= array.Count)
        {
            return false;
        }

        var item = array[i];
        array.RemoveAt(i);
        array.Insert(j, item);
        return true;
    }

    /// Every key used by items of one kind ("tasks", "reports", "stages") anywhere in the definition.
    public static HashSet<string> Keys(JsonObject root, string kind)
    {
        var stages = ArrayAt(root, "/stages") ?? [];
        var items = kind == "stages" ? stages : stages.SelectMany(s => s is JsonObject o && o[kind] is JsonArray a ? a : []);
        return items.Select(i => i is JsonObject o && o["key"] is JsonValue v && v.TryGetValue<string>(out var k) ? k : null)
            .OfType<string>().ToHashSet(StringComparer.Ordinal);
    }

    /// The first free key "prefix-1", "prefix-2", … among those taken.
    public static string FreeKey(string prefix, IReadOnlySet<string> taken)
    {
        for (var n = 1; ; n++)
        {
            var key = string.Create(CultureInfo.InvariantCulture, $"{prefix}-{n}");
            if (!taken.Contains(key))
            {
                return key;
            }
        }
    }

    public static int Int(JsonNode? node, int fallback = 0) =>
        node is JsonValue v && v.TryGetValue<int>(out var n) ? n : fallback;

    public static string Str(JsonNode? node, string fallback = "") =>
        Bokmal(node) is JsonValue v && v.TryGetValue<string>(out var s) ? s : fallback;
}
