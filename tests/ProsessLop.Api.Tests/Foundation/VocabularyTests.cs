using ProsessLop.Api.Infrastructure;

namespace ProsessLop.Api.Tests.Foundation;

// One vocabulary across pages, mails, calendar feeds and the core's reasons: the words live in
// the core's Vocabulary (and PageTexts/StatusTexts on it); no second spelling may come back.
public sealed class VocabularyTests
{
    private static readonly string[] Retired =
    [
        "påbegynt",                 // a task not started is «Ikke startet»
        "Programmet avsluttet",     // withdrawn is «Trukket fra programmet»
        "Programmet ble avsluttet",
        "Rapporten er fullført",    // a report is «levert»
        "Rapport fullført",
    ];

    [Fact]
    public void No_second_spelling_of_a_state_remains_in_the_source()
    {
        var src = Path.Combine(RepositoryRoot.Find(AppContext.BaseDirectory), "src");
        var hits = Directory.EnumerateFiles(src, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".cshtml", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (f, i, line)))
            .Where(x => !x.line.TrimStart().StartsWith("//", StringComparison.Ordinal))
            .SelectMany(x => Retired.Where(w => x.line.Contains(w, StringComparison.OrdinalIgnoreCase))
                .Select(w => $"{Path.GetRelativePath(src, x.f)}:{x.i + 1}: «{w}»"))
            .ToList();
        Assert.Empty(hits);
    }
}
