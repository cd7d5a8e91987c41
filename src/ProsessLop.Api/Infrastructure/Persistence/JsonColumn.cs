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

    /// Stores an object graph as jsonb, tracked by reference: assigning a new document marks the
    /// column changed; a document changed in place must be marked by whoever changes it (the
    /// programme state: ProgrammeRuntime.Refresh). No snapshot copies and no serialising to
    /// compare (the benchmark showed those dominating a command's cost), and a document that did
    /// not change is never written again (an always-changed comparer wrote it twice per command).
    /// <paramref name="columnType"/>: jsonb, unless the document is only ever read and written
    /// whole (no SQL looks inside it), where json keeps PostgreSQL from parsing it into jsonb on
    /// every write and printing it back on every read (the programme state).
    public static PropertyBuilder<T> IsJson<T>(this PropertyBuilder<T> property, JsonSerializerOptions? options = null, string columnType = "jsonb") where T : class
    {
        options ??= Options;
        return property.HasColumnType(columnType).HasConversion(
            v => JsonSerializer.Serialize(v, options),
            s => JsonSerializer.Deserialize<T>(s, options)!,
            new ValueComparer<T>(
                (a, b) => ReferenceEquals(a, b),
                v => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(v),
                v => v));
    }
}
