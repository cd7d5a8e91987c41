using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ProsessLop.Workflow.Definitions;

// The one written form of a definition: what a published version is stored as, what a download
// gives, and what loads back into the same model. Indented, properties in model order, Norwegian
// letters as they are (not \u00f8), so a person can read and diff the file.
public static class DefinitionJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Write(ProgrammeDefinition definition) => JsonSerializer.Serialize(definition, Options) + "\n";

    // Reads a definition that was valid when it was published, without validating it again: a
    // rule tightened later must not make a published version (and the programmes on it) vanish.
    public static ProgrammeDefinition Read(string json) =>
        JsonSerializer.Deserialize<ProgrammeDefinition>(json, DefinitionValidator.Json)
            ?? throw new JsonException("A definition cannot be null.");

    // The same document with another version number; everything else as written.
    public static string WithVersion(string json, int version)
    {
        var node = JsonNode.Parse(json) as JsonObject ?? throw new JsonException("A definition is a JSON object.");
        node["version"] = version;
        return node.ToJsonString(Options);
    }
}
