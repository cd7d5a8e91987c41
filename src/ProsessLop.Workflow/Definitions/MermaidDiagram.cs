using System.Text;

namespace ProsessLop.Workflow.Definitions;

// A picture of a definition for README files and the owner's UI: stages in order, each gate
// a decision node saying what it waits for.
public static class MermaidDiagram
{
    public static string Render(ProgrammeDefinition definition)
    {
        var text = new StringBuilder();
        text.Append("flowchart TD\n");
        text.Append($"    start([\"{Escape(definition.Name)} v{definition.Version}\"])\n");
        var previous = "start";
        for (var i = 0; i < definition.Stages.Count; i++)
        {
            var stage = definition.Stages[i];
            var gate = stage.Gate;
            text.Append($"    s{i}[\"{i} {Escape(stage.Name)}\"]\n");
            text.Append($"    g{i}{{\"{Escape(GateLabel(gate))}\"}}\n");
            text.Append($"    {previous} --> s{i}\n");
            text.Append($"    s{i} --> g{i}\n");
            text.Append($"    g{i} -- nei --> s{i}\n");
            previous = $"g{i}";
        }
        text.Append("    done([\"Fullført\"])\n");
        text.Append($"    {previous} -- ja --> done\n");
        return text.ToString();
    }

    private static string GateLabel(GateDefinition gate)
    {
        var parts = new List<string>();
        if (gate.RequiredTasks.Count > 0)
        {
            parts.Add($"{gate.RequiredTasks.Count} oppgaver fullført");
        }
        if (gate.ApprovedReports.Count > 0)
        {
            parts.Add($"{string.Join(", ", gate.ApprovedReports)} godkjent");
        }
        if (gate.OwnerDecision)
        {
            parts.Add("programeier har besluttet");
        }
        return parts.Count == 0 ? "Beslutningspunkt" : "Beslutningspunkt: " + string.Join("; ", parts) + "?";
    }

    // Mermaid labels in double quotes accept entity codes; quotes and brackets would break them.
    private static string Escape(string text) => text
        .Replace("\"", "#quot;", StringComparison.Ordinal)
        .Replace("<", "#lt;", StringComparison.Ordinal)
        .Replace(">", "#gt;", StringComparison.Ordinal);
}
