using System.Text.Json;
using System.Text.Json.Serialization;

namespace ProsessLop.Workflow.Definitions;

// Enums are written as camelCase strings whatever options the host uses, matching the schema.
public sealed class CamelCaseEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(JsonNamingPolicy.CamelCase, allowIntegerValues: false)
    where TEnum : struct, Enum;
