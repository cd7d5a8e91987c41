using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Json.Schema;
using W = ProsessLop.Workflow.Texts.DefinitionWords;

namespace ProsessLop.Workflow.Definitions;

// Runs the embedded JSON Schema and turns the library's keyword errors into sentences an
// author understands, pointing at the offending spot.
internal static partial class SchemaCheck
{
    private static readonly Lazy<(JsonSchema Schema, JsonDocument Document)> Embedded = new(Load);

    public static IEnumerable<(string Pointer, string Message, LocalizedText Norwegian)> Run(JsonElement root)
    {
        var (schema, document) = Embedded.Value;
        var results = schema.Evaluate(root, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid)
        {
            yield break;
        }
        var seen = new HashSet<(string, string)>();
        foreach (var detail in results.Details ?? [])
        {
            if (detail.Errors is null)
            {
                continue;
            }
            var pointer = detail.InstanceLocation.ToString();
            foreach (var (keyword, libraryMessage) in detail.Errors)
            {
                var schemaNode = SchemaNode(document.RootElement, detail.EvaluationPath.ToString());
                var message = Explain(keyword, libraryMessage, pointer, root, schemaNode);
                if (seen.Add((pointer, message)))
                {
                    yield return (pointer, message, BothStandards.Say(() => Forklar(keyword, libraryMessage, pointer, root, schemaNode)));
                }
            }
        }
    }

    private static string Explain(string keyword, string libraryMessage, string pointer, JsonElement root, JsonElement schemaNode)
    {
        var property = pointer.Length == 0 ? "the document" : $"'{pointer[(pointer.LastIndexOf('/') + 1)..]}'";
        switch (keyword)
        {
            case "required":
                var names = QuotedName().Matches(libraryMessage).Select(m => m.Groups[1].Value);
                return $"Required property {string.Join(", ", names.Select(n => $"'{n}'"))} is missing.";
            case "" or "false" when libraryMessage.Contains("false schema", StringComparison.Ordinal):
                return $"Unknown property {property} is not allowed here; check the spelling against the schema.";
            case "type":
                return $"{Capitalise(property)} has the wrong type: {libraryMessage.Replace("Value is", "it is", StringComparison.Ordinal)}.";
            case "enum" when schemaNode.TryGetProperty("enum", out var allowed):
                return $"{Capitalise(property)} is {Show(root, pointer)}, which is not one of the allowed values: {string.Join(", ", allowed.EnumerateArray().Select(v => v.ToString()))}.";
            case "pattern" when schemaNode.TryGetProperty("pattern", out var pattern):
                return $"{Capitalise(property)} is {Show(root, pointer)}, which does not match the required format {pattern.GetString()} (keys use lower-case letters, digits and single hyphens).";
            default:
                return $"{Capitalise(property)}: {libraryMessage.TrimEnd('.')}.";
        }
    }

    // The same in Norwegian, for owners who have never seen the schema: the field by its name on
    // the studio's forms, and what to do about it.
    private static string Forklar(string keyword, string libraryMessage, string pointer, JsonElement root, JsonElement schemaNode)
    {
        var segments = Segments(pointer).ToList();
        var field = segments switch
        {
            [] => W.Schema_Document,
            [.., var list, var index] when int.TryParse(index, NumberStyles.None, CultureInfo.InvariantCulture, out var i) => $"«{FieldName(list)}» nr. {i + 1}",
            [.., var last] => $"«{FieldName(last)}»",
        };
        switch (keyword)
        {
            case "required":
                var names = QuotedName().Matches(libraryMessage).Select(m => $"«{FieldName(m.Groups[1].Value)}»");
                return F(W.Schema_Missing, string.Join(", ", names));
            case "" or "false" when libraryMessage.Contains("false schema", StringComparison.Ordinal):
                return F(W.Schema_Unknown, field);
            case "type":
                return libraryMessage.Contains("\"integer\"", StringComparison.Ordinal)
                    ? F(W.Schema_NotInteger, Stor(field), Show(root, pointer))
                    : F(W.Schema_WrongType, Stor(field), Show(root, pointer));
            case "enum":
                return F(W.Schema_NotAChoice, Stor(field), Show(root, pointer));
            case "pattern" when pointer.EndsWith("/time", StringComparison.Ordinal):
                return F(W.Schema_Time, Stor(field));
            case "pattern" when pointer.EndsWith("/from", StringComparison.Ordinal) || pointer.EndsWith("/to", StringComparison.Ordinal):
                return F(W.Schema_MonthDay, Stor(field));
            case "pattern":
                return F(W.Schema_Key, Stor(field), Show(root, pointer));
            case "minLength":
                return F(W.Schema_Empty, Stor(field));
            case "minItems":
                return F(W.Schema_MinItems, Stor(field), Limit(schemaNode, "minItems"));
            case "minimum":
                return F(W.Schema_Minimum, Stor(field), Limit(schemaNode, "minimum"));
            case "maximum":
                return F(W.Schema_Maximum, Stor(field), Limit(schemaNode, "maximum"));
            case "uniqueItems":
                return F(W.Schema_Duplicate, Stor(field));
            default:
                return F(W.Schema_Invalid, Stor(field), libraryMessage.TrimEnd('.'));
        }
    }

    private static string Limit(JsonElement schemaNode, string keyword) =>
        schemaNode.TryGetProperty(keyword, out var limit) ? limit.ToString() : W.Schema_One;

    private static string F(string text, params object?[] args) => BothStandards.Format(text, args);

    private static string Stor(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    // The schema's property names as the studio's forms call them; array indexes are "element".
    private static string FieldName(string property) =>
        W.ResourceManager.GetString("Field_" + property, CultureInfo.CurrentUICulture) ?? property;

    private static string Capitalise(string text) =>
        text.StartsWith("the ", StringComparison.Ordinal) ? "The" + text[3..] : "Property " + text;

    private static string Show(JsonElement root, string pointer)
    {
        var node = Resolve(root, pointer);
        return node?.GetRawText() ?? "missing";
    }

    // The evaluation path walks through "$ref" keywords; following them in the schema document
    // finds the subschema that failed, so messages can list the allowed values. The walk is best
    // effort: where the path goes beyond the document, the last subschema reached is used.
    private static JsonElement SchemaNode(JsonElement schemaRoot, string evaluationPath)
    {
        var current = schemaRoot;
        foreach (var segment in Segments(evaluationPath))
        {
            var next = segment == "$ref" && current.TryGetProperty("$ref", out var reference)
                ? Resolve(schemaRoot, reference.GetString()!.TrimStart('#'))
                : Step(current, segment);
            if (next is null)
            {
                break;
            }
            current = next.Value;
        }
        return current;
    }

    internal static JsonElement? Resolve(JsonElement root, string pointer)
    {
        var current = root;
        foreach (var segment in Segments(pointer))
        {
            var next = Step(current, segment);
            if (next is null)
            {
                return null;
            }
            current = next.Value;
        }
        return current;
    }

    private static JsonElement? Step(JsonElement current, string segment) => current.ValueKind switch
    {
        JsonValueKind.Object when current.TryGetProperty(segment, out var child) => child,
        JsonValueKind.Array when int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < current.GetArrayLength() => current[i],
        _ => null,
    };

    private static IEnumerable<string> Segments(string pointer) =>
        pointer.Length == 0 ? [] : pointer[1..].Split('/').Select(s => s.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal));

    // The schema as shipped (workflows/programme-definition.schema.json), for those who write JSON.
    public static string Text { get; } = Read();

    private static (JsonSchema, JsonDocument) Load() => (JsonSchema.FromText(Text), JsonDocument.Parse(Text));

    private static string Read()
    {
        using var stream = typeof(SchemaCheck).Assembly.GetManifestResourceStream("programme-definition.schema.json")
            ?? throw new InvalidOperationException("The programme definition schema is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [GeneratedRegex("\"([^\"]+)\"")]
    private static partial Regex QuotedName();
}
