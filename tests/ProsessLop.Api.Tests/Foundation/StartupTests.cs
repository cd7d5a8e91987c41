using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using ProsessLop.Api.Infrastructure;
using ProsessLop.Api.Infrastructure.Postgres;

namespace ProsessLop.Api.Tests.Foundation;

public sealed class StartupTests
{
    private sealed class Env(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "ProsessLop.Api";
        public string ContentRootPath { get; set; } = Path.GetTempPath();
        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = null!;
    }

    [Fact]
    public void WithoutConnectionStringOrBinaries_TheHostStops_SayingHowToGetADatabase()
    {
        var empty = Directory.CreateTempSubdirectory().FullName;
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Database:PostgresBinDirectory"] = empty }).Build();

        var e = Assert.Throws<StartupException>(() => DatabaseConnection.Resolve(config, new Env("Development"), NullLogger.Instance));

        Assert.Contains("ConnectionStrings__ProsessLop=", e.Message);
        Assert.Contains("deploy/docker-compose.yml", e.Message);
    }

    [Fact]
    public void OutsideDevelopment_AConnectionStringIsRequired()
    {
        var e = Assert.Throws<StartupException>(() =>
            DatabaseConnection.Resolve(new ConfigurationBuilder().Build(), new Env("Production"), NullLogger.Instance));
        Assert.Contains("ConnectionStrings__ProsessLop", e.Message);
    }

    [Fact]
    public void ConfiguredConnectionString_IsUsedAsIs()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:ProsessLop"] = "Host=db;Database=x" }).Build();
        Assert.Equal("Host=db;Database=x", DatabaseConnection.Resolve(config, new Env("Production"), NullLogger.Instance));
    }
}
