using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ProsessLop.Workflow.Definitions;

/// A text a person reads in a definition (a name, description, section title, guidance or
/// reflection prompt): a plain string (used for both standards), or `{ "nb": "…", "nn": "…" }`.
/// Where code takes it as a string it is the bokmål text, as before; pages and mails ask for the
/// reader's with <see cref="Current"/> or <see cref="In"/>.
[JsonConverter(typeof(LocalizedTextConverter))]
public sealed record LocalizedText(string Nb, string? Nn = null)
{
    public bool HasNynorsk => !string.IsNullOrWhiteSpace(Nn);

    /// The text in the current UI culture's standard: nynorsk for nn-NO when there is one, else bokmål.
    public string Current => In(CultureInfo.CurrentUICulture);

    public string In(CultureInfo culture) => HasNynorsk && culture.TwoLetterISOLanguageName == "nn" ? Nn! : Nb;

    public override string ToString() => Nb;

    [return: NotNullIfNotNull(nameof(text))]
    public static implicit operator string?(LocalizedText? text) => text?.Nb;

    [return: NotNullIfNotNull(nameof(text))]
    public static implicit operator LocalizedText?(string? text) => text is null ? null : new LocalizedText(text);
}

/// Reads a plain string or `{ "nb", "nn" }`; writes a plain string when there is no nynorsk, so
/// v1 files round-trip unchanged.
public sealed class LocalizedTextConverter : JsonConverter<LocalizedText>
{
    public override LocalizedText? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return new LocalizedText(reader.GetString()!);
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("Expected a text or { \"nb\": …, \"nn\": … }.");
        }

        string? nb = null, nn = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString();
            reader.Read();
            var value = reader.TokenType == JsonTokenType.String ? reader.GetString() : throw new JsonException($"\"{name}\" must be a text.");
            switch (name)
            {
                case "nb": nb = value; break;
                case "nn": nn = value; break;
                default: throw new JsonException($"Unknown written standard \"{name}\" (nb or nn).");
            }
        }

        return new LocalizedText(nb ?? "", nn);
    }

    public override void Write(Utf8JsonWriter writer, LocalizedText value, JsonSerializerOptions options)
    {
        if (!value.HasNynorsk)
        {
            writer.WriteStringValue(value.Nb);
            return;
        }

        writer.WriteStartObject();
        writer.WriteString("nb", value.Nb);
        writer.WriteString("nn", value.Nn);
        writer.WriteEndObject();
    }
}
