using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ProsessLop.Api.Features.Participants;

/// A Norwegian municipality (kommune) as SSB lists it, identified by its four-digit number.
public sealed class Municipality
{
    public required string Number { get; init; }
    public required string Name { get; init; }
    public required string CountyNumber { get; init; }
    public required string CountyName { get; init; }

    /// The municipality's decision on the written standard the state uses with it (språklova § 11),
    /// set by owners: nynorsk, bokmål or neutral. Its people read ProsessLøp in it unless they chose.
    public Infrastructure.Language.WrittenStandard WrittenStandard { get; set; }

    /// The 357 municipalities valid from 2024-01-01 (SSB), shipped with the product.
    public static IReadOnlyList<Municipality> Official2024 { get; } = ReadOfficialList();

    private static List<Municipality> ReadOfficialList()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("ProsessLop.Api.Data.kommuner-2024.csv")
            ?? throw new InvalidOperationException("The embedded municipality list is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd()
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Skip(1)
            .Select(line => line.Split(','))
            .Select(f => new Municipality { Number = f[0], Name = f[1], CountyNumber = f[2], CountyName = f[3] })
            .ToList();
    }
}

internal sealed class MunicipalityMap : IEntityTypeConfiguration<Municipality>
{
    public void Configure(EntityTypeBuilder<Municipality> e)
    {
        e.ToTable("municipalities");
        e.HasKey(m => m.Number);
        e.Property(m => m.Number).HasMaxLength(4).IsFixedLength();
        e.Property(m => m.Name).HasMaxLength(100);
        e.Property(m => m.CountyNumber).HasMaxLength(2).IsFixedLength();
        e.Property(m => m.CountyName).HasMaxLength(100);
        // No source of the 357 decisions ships with the product yet: every municipality starts neutral.
        e.Property(m => m.WrittenStandard).HasConversion<string>().HasMaxLength(10).HasDefaultValue(Infrastructure.Language.WrittenStandard.Neutral).HasSentinel(Infrastructure.Language.WrittenStandard.Neutral);
        e.HasIndex(m => m.CountyNumber);
        // Seeded by migration, so every database has the same list and updates come as migrations.
        e.HasData(Municipality.Official2024);
    }
}
