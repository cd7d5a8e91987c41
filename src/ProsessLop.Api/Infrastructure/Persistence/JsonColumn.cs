using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ProsessLop.Api.Infrastructure.Persistence;

public static class JsonColumn
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    /// Stores a mutable object graph as jsonb. Code changes these objects in place, and a
    /// loaded row is tracked only to be changed, so a tracked document always counts as
    /// modified: no snapshot copies, no serialising to compare (the benchmark showed those
    /// serialisations of a 14 kB document dominating a command's cost).
    public static PropertyBuilder<T> IsJson<T>(this PropertyBuilder<T> property) where T : class =>
        property.HasColumnType("jsonb").HasConversion(
            v => JsonSerializer.Serialize(v, Options),
            s => JsonSerializer.Deserialize<T>(s, Options)!,
            new ValueComparer<T>(
                (a, b) => false,
                v => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(v),
                v => v));
}
