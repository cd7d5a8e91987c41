using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using ProsessLop.Api.Infrastructure;
using ProsessLop.Api.Infrastructure.Postgres;
using ProsessLop.Api.Tests.Infrastructure;

namespace ProsessLop.Api.Tests.Foundation;

public sealed class StartupTests
{
    [Fact]
    public void WithoutConnectionStringOrBinaries_TheHostStops_SayingHowToGetADatabase()
    {
        var empty = Directory.CreateTempSubdirectory().FullName;
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Database:PostgresBinDirectory"] = empty }).Build();

        var e = Assert.Throws<StartupException>(() => DatabaseConnection.Resolve(config, new TestHostEnvironment("Development"), NullLogger.Instance));

        Assert.Contains("ConnectionStrings__ProsessLop=", e.Message);
        Assert.Contains("deploy/docker-compose.yml", e.Message);
    }

    [Fact]
    public void OutsideDevelopment_AConnectionStringIsRequired()
    {
        var e = Assert.Throws<StartupException>(() =>
            DatabaseConnection.Resolve(new ConfigurationBuilder().Build(), new TestHostEnvironment("Production"), NullLogger.Instance));
        Assert.Contains("ConnectionStrings__ProsessLop", e.Message);
    }

    [Fact]
    public void ConfiguredConnectionString_IsUsedAsIs()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:ProsessLop"] = "Host=db;Database=x" }).Build();
        Assert.Equal("Host=db;Database=x", DatabaseConnection.Resolve(config, new TestHostEnvironment("Production"), NullLogger.Instance));
    }
}
