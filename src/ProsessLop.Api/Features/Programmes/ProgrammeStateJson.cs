using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using ProsessLop.Api.Infrastructure.Persistence;
using ProsessLop.Workflow.Engine;

namespace ProsessLop.Api.Features.Programmes;

/// How a programme's state is stored (the `state` jsonb column), which every command reads and
/// rewrites whole. Smaller than the engine's own JSON shape, so PostgreSQL parses, compresses and
/// TOASTs less on every command (bench/README.md, session 9): defaults left out (as
/// JsonColumn.Compact), short property names, tasks and reports grouped by their stage instead
/// of naming it in each item, and a report's key left out when it is the report's own key. The
/// shape is storage only: no SQL reads inside the document, the API and the journal have their
/// own. Documents written before (JsonColumn.Compact's shape) are still read.
public static class ProgrammeStateJson
{
    // Every serialised property of the state's own types needs a short name here (the resolver
    // throws for one without, so a new property is named on purpose); names are unique per type.
    private static readonly Dictionary<Type, Dictionary<string, string>> ShortNames = new()
    {
        [typeof(ProgrammeState)] = new()
        {
            [nameof(ProgrammeState.DefinitionKey)] = "dk", [nameof(ProgrammeState.DefinitionVersion)] = "dv",
            [nameof(ProgrammeState.Participant)] = "p", [nameof(ProgrammeState.StartDate)] = "sd",
            [nameof(ProgrammeState.Status)] = "s", [nameof(ProgrammeState.CurrentStageIndex)] = "ci",
            [nameof(ProgrammeState.CompletedOn)] = "co", [nameof(ProgrammeState.WithdrawnOn)] = "wo",
            [nameof(ProgrammeState.WithdrawalReason)] = "wr", [nameof(ProgrammeState.Stages)] = "st",
            [nameof(ProgrammeState.Tasks)] = "t", [nameof(ProgrammeState.Reports)] = "r",
        },
        [typeof(StageState)] = new()
        {
            [nameof(StageState.Key)] = "k", [nameof(StageState.Status)] = "s",
            [nameof(StageState.PlannedStart)] = "ps", [nameof(StageState.PlannedEnd)] = "pe",
            [nameof(StageState.ActivatedOn)] = "ao", [nameof(StageState.CompletedOn)] = "co",
            [nameof(StageState.OwnerDecisionOn)] = "do", [nameof(StageState.OwnerDecisionNote)] = "dn",
        },
        [typeof(TaskItemState)] = new()
        {
            [nameof(TaskItemState.Key)] = "k", [nameof(TaskItemState.StageKey)] = "g",
            [nameof(TaskItemState.Required)] = "q", [nameof(TaskItemState.Status)] = "s",
            [nameof(TaskItemState.Due)] = "d", [nameof(TaskItemState.StartedOn)] = "so",
            [nameof(TaskItemState.CompletedOn)] = "co", [nameof(TaskItemState.Retired)] = "x",
        },
        [typeof(ReportItemState)] = new()
        {
            [nameof(ReportItemState.Key)] = "k", [nameof(ReportItemState.ReportKey)] = "rk",
            [nameof(ReportItemState.Occurrence)] = "o", [nameof(ReportItemState.StageKey)] = "g",
            [nameof(ReportItemState.RequiresApproval)] = "a", [nameof(ReportItemState.Status)] = "s",
            [nameof(ReportItemState.Due)] = "d", [nameof(ReportItemState.SubmittedOn)] = "so",
            [nameof(ReportItemState.ApprovedOn)] = "ap", [nameof(ReportItemState.ReturnComment)] = "rc",
            [nameof(ReportItemState.Submissions)] = "n", [nameof(ReportItemState.Retired)] = "x",
        },
    };

    public static readonly JsonSerializerOptions Options = new(JsonColumn.Compact)
    {
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { Shorten } },
    };

    public static string Write(ProgrammeState state) => JsonSerializer.Serialize(state, Options);

    public static ProgrammeState Read(string json)
    {
        var state = JsonSerializer.Deserialize<ProgrammeState>(json, Options)!;
        // A document in the earlier shape has none of the short names: every programme has a
        // definition key, so an empty one means the earlier shape.
        return state.DefinitionKey.Length > 0 ? state : JsonSerializer.Deserialize<ProgrammeState>(json, JsonColumn.Compact)!;
    }

    private static void Shorten(JsonTypeInfo type)
    {
        if (!ShortNames.TryGetValue(type.Type, out var names))
        {
            return;
        }
        foreach (var property in type.Properties)
        {
            var member = property.AttributeProvider as System.Reflection.MemberInfo
                ?? throw new InvalidOperationException($"{type.Type.Name}.{property.Name}: no member");
            if (member.IsDefined(typeof(JsonIgnoreAttribute), inherit: false))
            {
                continue;
            }
            property.Name = names.TryGetValue(member.Name, out var name) ? name
                : throw new InvalidOperationException($"{type.Type.Name}.{member.Name} has no short name in ProgrammeStateJson");
            if (member.Name == nameof(TaskItemState.StageKey))
            {
                // Named once per group of consecutive items (StageGroups).
                property.ShouldSerialize = static (_, _) => false;
            }
        }
        if (type.Type == typeof(ProgrammeState))
        {
            type.Properties.Single(p => p.Name == "t").CustomConverter = new StageGroups<TaskItemState>(t => t.StageKey, (t, k) => t.StageKey = k);
            type.Properties.Single(p => p.Name == "r").CustomConverter = new StageGroups<ReportItemState>(r => r.StageKey, (r, k) => r.StageKey = k);
        }
        if (type.Type == typeof(ReportItemState))
        {
            // Left out when it is the item's own key (every report with one occurrence); absent
            // on reading means just that, while a written "" stays "".
            type.Properties.Single(p => p.Name == "rk").ShouldSerialize = static (item, value) => !Equals(value, ((ReportItemState)item).Key);
            type.OnDeserializing = static item => ((ReportItemState)item).ReportKey = null!;
            type.OnDeserialized = static item =>
            {
                var report = (ReportItemState)item;
                report.ReportKey ??= report.Key;
            };
        }
    }

    /// A list of items stored as runs of consecutive items of one stage,
    /// `[{"g": stage key, "i": [items without their stage key]}, …]`: the same items in the
    /// same order, each stage key written once per run instead of once per item.
    private sealed class StageGroups<T>(Func<T, string> stageOf, Action<T, string> setStage) : JsonConverter<List<T>>
    {
        public override List<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var item = (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
            var list = new List<T>();
            Expect(reader.TokenType, JsonTokenType.StartArray);
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                Expect(reader.TokenType, JsonTokenType.StartObject);
                string? stage = null;
                var first = list.Count;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var name = reader.GetString();
                    reader.Read();
                    if (name == "g")
                    {
                        stage = reader.GetString();
                    }
                    else if (name == "i")
                    {
                        Expect(reader.TokenType, JsonTokenType.StartArray);
                        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                        {
                            list.Add(JsonSerializer.Deserialize(ref reader, item)!);
                        }
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
                for (var i = first; i < list.Count; i++)
                {
                    setStage(list[i], stage ?? throw new JsonException("A stage group without its stage key"));
                }
            }
            return list;
        }

        public override void Write(Utf8JsonWriter writer, List<T> value, JsonSerializerOptions options)
        {
            var item = (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
            writer.WriteStartArray();
            var open = false;
            var stage = "";
            foreach (var t in value)
            {
                if (!open || stageOf(t) != stage)
                {
                    if (open)
                    {
                        writer.WriteEndArray();
                        writer.WriteEndObject();
                    }
                    open = true;
                    stage = stageOf(t);
                    writer.WriteStartObject();
                    writer.WriteString("g", stage);
                    writer.WriteStartArray("i");
                }
                JsonSerializer.Serialize(writer, t, item);
            }
            if (open)
            {
                writer.WriteEndArray();
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }

        private static void Expect(JsonTokenType actual, JsonTokenType expected)
        {
            if (actual != expected)
            {
                throw new JsonException($"Expected {expected} in a stage group list, found {actual}");
            }
        }
    }
}
