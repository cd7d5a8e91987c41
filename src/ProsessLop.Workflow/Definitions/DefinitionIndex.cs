namespace ProsessLop.Workflow.Definitions;

// Key lookups over one definition, built once and cached on the definition.
internal sealed class DefinitionIndex
{
    public Dictionary<string, (StageDefinition Stage, int StageIndex, TaskDefinition Task)> Tasks { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, (StageDefinition Stage, int StageIndex, ReportDefinition Report)> Reports { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, StageDefinition> Stages { get; } = new(StringComparer.Ordinal);

    public DefinitionIndex(ProgrammeDefinition definition)
    {
        for (var i = 0; i < definition.Stages.Count; i++)
        {
            var stage = definition.Stages[i];
            Stages.TryAdd(stage.Key, stage);
            foreach (var task in stage.Tasks)
            {
                Tasks.TryAdd(task.Key, (stage, i, task));
            }
            foreach (var report in stage.Reports)
            {
                Reports.TryAdd(report.Key, (stage, i, report));
            }
        }
    }

    public string TaskName(string key) => Tasks.TryGetValue(key, out var t) ? t.Task.Name : key;

    public string ReportName(string key) => Reports.TryGetValue(key, out var r) ? r.Report.Name : key;
}
