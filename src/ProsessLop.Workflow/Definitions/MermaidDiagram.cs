using System.Text;
using ProsessLop.Workflow.Engine;
using W = ProsessLop.Workflow.Texts.DefinitionWords;

namespace ProsessLop.Workflow.Definitions;

// A picture of a definition for README files and the owner's UI: stages in order, each gate
// a decision node saying what it waits for. In the reader's standard (the current UI culture).
public static class MermaidDiagram
{
    public static string Render(ProgrammeDefinition definition)
    {
        var text = new StringBuilder();
        text.Append("flowchart TD\n");
        text.Append($"    start([\"{Escape(definition.Name.Current)} v{definition.Version}\"])\n");
        var previous = "start";
        for (var i = 0; i < definition.Stages.Count; i++)
        {
            var stage = definition.Stages[i];
            var gate = stage.Gate;
            text.Append($"    s{i}[\"{i} {Escape(stage.Name.Current)}\"]\n");
            text.Append($"    g{i}{{\"{Escape(GateLabel(gate))}\"}}\n");
            text.Append($"    {previous} --> s{i}\n");
            text.Append($"    s{i} --> g{i}\n");
            text.Append($"    g{i} -- {W.Mermaid_No} --> s{i}\n");
            previous = $"g{i}";
        }
        text.Append($"    done([\"{W.Mermaid_Done}\"])\n");
        text.Append($"    {previous} -- {W.Mermaid_Yes} --> done\n");
        return text.ToString();
    }

    private static string GateLabel(GateDefinition gate)
    {
        var parts = new List<string>();
        if (gate.RequiredTasks.Count > 0)
        {
            parts.Add(Vocabulary.Format(W.Mermaid_TasksDone, gate.RequiredTasks.Count));
        }
        if (gate.ApprovedReports.Count > 0)
        {
            parts.Add(Vocabulary.Format(W.Mermaid_ReportsApproved, string.Join(", ", gate.ApprovedReports)));
        }
        if (gate.OwnerDecision)
        {
            parts.Add(W.Mermaid_OwnerDecided);
        }
        return parts.Count == 0 ? W.Mermaid_Gate : Vocabulary.Format(W.Mermaid_GateWaits, string.Join("; ", parts));
    }

    // Mermaid labels in double quotes accept entity codes; quotes and brackets would break them.
    private static string Escape(string text) => text
        .Replace("\"", "#quot;", StringComparison.Ordinal)
        .Replace("<", "#lt;", StringComparison.Ordinal)
        .Replace(">", "#gt;", StringComparison.Ordinal);
}
