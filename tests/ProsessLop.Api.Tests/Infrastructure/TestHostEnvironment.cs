using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace ProsessLop.Api.Tests.Infrastructure;

/// An environment by name, for code that decides by it without a host.
public sealed class TestHostEnvironment(string name, string? contentRoot = null) : IHostEnvironment
{
    public string EnvironmentName { get; set; } = name;
    public string ApplicationName { get; set; } = "ProsessLop.Api";
    public string ContentRootPath { get; set; } = contentRoot ?? Path.GetTempPath();
    public IFileProvider ContentRootFileProvider { get; set; } = null!;
}
