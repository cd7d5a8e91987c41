namespace ProsessLop.Api.Infrastructure;

public static class RepositoryRoot
{
    /// The folder holding ProsessLøp.sln above the content root; the content root itself when
    /// the host runs outside a checkout (e.g. a published build).
    public static string Find(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ProsessLøp.sln")))
            {
                return dir.FullName;
            }
        }

        return start;
    }
}
