using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ProsessLop.Api.Infrastructure.Persistence;

public static class JsonColumn
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    /// For documents that every command reads and rewrites (a programme's state): default
    /// values (false, 0, null, the first enum member) are left out and read back as defaults.
    /// Only for types without constructor parameter defaults, which would be read back instead.
    public static readonly JsonSerializerOptions Compact = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault,
    };

    /// Stores a mutable object graph as jsonb. Code changes these objects in place, and a
    /// loaded row is tracked only to be changed, so a tracked document always counts as
    /// modified: no snapshot copies, no serialising to compare (the benchmark showed those
    /// serialisations of a 14 kB document dominating a command's cost).
    public static PropertyBuilder<T> IsJson<T>(this PropertyBuilder<T> property, JsonSerializerOptions? options = null) where T : class
    {
        options ??= Options;
        return property.HasColumnType("jsonb").HasConversion(
            v => JsonSerializer.Serialize(v, options),
            s => JsonSerializer.Deserialize<T>(s, options)!,
            new ValueComparer<T>(
                (a, b) => false,
                v => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(v),
                v => v));
    }
}
