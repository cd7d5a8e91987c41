using ProsessLop.Workflow.Texts;

namespace ProsessLop.Workflow.Definitions;

/// Which texts people read in a definition have no nynorsk: those readers get the bokmål there.
/// A warning, never a reason to refuse a definition (a plain string serves both standards).
public static class NynorskCheck
{
    /// Every readable text without nynorsk, by JSON Pointer.
    public static IReadOnlyList<string> Missing(ProgrammeDefinition definition)
    {
        var missing = new List<string>();
        void Check(LocalizedText? text, string pointer)
        {
            if (text is not null && !string.IsNullOrWhiteSpace(text.Nb) && !text.HasNynorsk)
            {
                missing.Add(pointer);
            }
        }

        Check(definition.Name, "/name");
        Check(definition.Description, "/description");
        for (var s = 0; s < definition.Stages.Count; s++)
        {
            var stage = definition.Stages[s];
            Check(stage.Name, $"/stages/{s}/name");
            Check(stage.Description, $"/stages/{s}/description");
            for (var i = 0; i < stage.ReflectionPrompts.Count; i++)
            {
                Check(stage.ReflectionPrompts[i], $"/stages/{s}/reflectionPrompts/{i}");
            }

            for (var t = 0; t < stage.Tasks.Count; t++)
            {
                Check(stage.Tasks[t].Name, $"/stages/{s}/tasks/{t}/name");
                Check(stage.Tasks[t].Description, $"/stages/{s}/tasks/{t}/description");
            }

            for (var r = 0; r < stage.Reports.Count; r++)
            {
                var report = stage.Reports[r];
                Check(report.Name, $"/stages/{s}/reports/{r}/name");
                Check(report.Description, $"/stages/{s}/reports/{r}/description");
                for (var x = 0; x < report.Sections.Count; x++)
                {
                    Check(report.Sections[x].Title, $"/stages/{s}/reports/{r}/sections/{x}/title");
                    Check(report.Sections[x].Guidance, $"/stages/{s}/reports/{r}/sections/{x}/guidance");
                }
            }
        }

        return missing;
    }

    /// One warning for the whole definition (a v1 file would otherwise give one per text), pointing at the first text.
    public static IReadOnlyList<DefinitionProblem> Warnings(ProgrammeDefinition definition, string file)
    {
        var missing = Missing(definition);
        return missing.Count == 0 ? [] :
        [
            new DefinitionProblem(file, missing[0],
                $"{missing.Count} text(s) people read have no nynorsk (first: {missing[0]}); readers of nynorsk get the bokmål there. Give them as {{ \"nb\": …, \"nn\": … }}.",
                BothStandards.Say(() => BothStandards.Format(missing.Count == 1 ? DefinitionWords.Nynorsk_MissingOne : DefinitionWords.Nynorsk_MissingMany, missing.Count, missing[0]))),
        ];
    }
}
