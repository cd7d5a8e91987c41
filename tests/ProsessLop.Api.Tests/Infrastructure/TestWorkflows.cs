using System.Text.Json.Nodes;
using ProsessLop.Api.Infrastructure;

namespace ProsessLop.Api.Tests.Infrastructure;

/// A temporary copy of the repository's workflows/ with a v2 of the default definition, made
/// from v1 by the given change; point Workflows:Directory at it.
public static class TestWorkflows
{
    public static string WithV2(Action<JsonNode> change)
    {
        var source = Path.Combine(RepositoryRoot.Find(AppContext.BaseDirectory), "workflows");
        var target = Directory.CreateTempSubdirectory("workflows-v2-").FullName;
        foreach (var file in Directory.EnumerateFiles(source, "*.json", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }

        var v2 = JsonNode.Parse(File.ReadAllText(Path.Combine(source, "fremtidens-kulturskole", "v1.json")))!;
        v2["version"] = 2;
        change(v2);
        File.WriteAllText(Path.Combine(target, "fremtidens-kulturskole", "v2.json"), v2.ToJsonString());
        return target;
    }
}
