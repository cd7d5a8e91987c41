using System.Text.Json.Serialization;

namespace ProsessLop.Workflow.Definitions;

// The model mirrors workflows/programme-definition.schema.json one to one, so a definition
// file round-trips through System.Text.Json (web defaults) without a mapping layer.
// Optional properties are left out when null, as the schema has no nulls.
// Properties have defaults because the validator deserialises files that may be incomplete
// and still wants to report every semantic problem. Texts people read (names, descriptions,
// section titles and guidance, reflection prompts) are LocalizedText: a plain string, or bokmål
// and nynorsk.
public sealed class ProgrammeDefinition
{
    public string Key { get; init; } = "";
    public int Version { get; init; }
    public LocalizedText Name { get; init; } = "";
    public LocalizedText Description { get; init; } = "";
    public IReadOnlyList<string> Owners { get; init; } = [];
    public IReadOnlyList<ParticipantKind> ParticipantKinds { get; init; } = [];
    public IReadOnlyList<PausePeriod> Pauses { get; init; } = [];
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ReminderPolicy? Reminders { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public StatusCompilationPolicy? StatusCompilation { get; init; }
    public IReadOnlyList<StageDefinition> Stages { get; init; } = [];

    /// Whether a participant's coordinators may make colleagues coordinators too (otherwise only
    /// owners do). Left out of the file when false, so existing definitions read as before.
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool CoordinatorsMayAppointCoordinators { get; init; }

    private DefinitionIndex? _index;

    // Lookups by key are needed on hot paths (derived status for thousands of programmes).
    internal DefinitionIndex Index => _index ??= new DefinitionIndex(this);

    public bool Accepts(ParticipantKind kind) => ParticipantKinds.Contains(kind);
}

[JsonConverter(typeof(CamelCaseEnumConverter<ParticipantKind>))]
public enum ParticipantKind { Municipality, Region }

[JsonConverter(typeof(CamelCaseEnumConverter<DeadlineAnchor>))]
public enum DeadlineAnchor { ProgrammeStart, StageStart }

[JsonConverter(typeof(CamelCaseEnumConverter<ResponsibleRole>))]
public enum ResponsibleRole { Coordinator, Participant, Owner, SteeringGroup }

[JsonConverter(typeof(CamelCaseEnumConverter<CompilationFrequency>))]
public enum CompilationFrequency { Weekly, Monthly }

[JsonConverter(typeof(CamelCaseEnumConverter<Weekday>))]
public enum Weekday { Monday, Tuesday, Wednesday, Thursday, Friday, Saturday, Sunday }

public sealed record StageDefinition
{
    public string Key { get; init; } = "";
    public LocalizedText Name { get; init; } = "";
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public LocalizedText? Description { get; init; }
    public int StartWeek { get; init; }
    public int EndWeek { get; init; }
    public IReadOnlyList<TaskDefinition> Tasks { get; init; } = [];
    public IReadOnlyList<ReportDefinition> Reports { get; init; } = [];
    public GateDefinition Gate { get; init; } = new();
    public IReadOnlyList<LocalizedText> ReflectionPrompts { get; init; } = [];
}

public sealed record TaskDefinition
{
    public string Key { get; init; } = "";
    public LocalizedText Name { get; init; } = "";
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public LocalizedText? Description { get; init; }
    public bool Required { get; init; }
    public ResponsibleRole ResponsibleRole { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Deadline? Deadline { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? RenamedFrom { get; init; }
}

public sealed record ReportDefinition
{
    public string Key { get; init; } = "";
    public LocalizedText Name { get; init; } = "";
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public LocalizedText? Description { get; init; }
    public IReadOnlyList<ReportSection> Sections { get; init; } = [];
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Deadline? Deadline { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Recurrence? Recurrence { get; init; }
    public bool RequiresApproval { get; init; }
    public bool PublicByDefault { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ExemptionBasis { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? RenamedFrom { get; init; }
}

public sealed record ReportSection
{
    public string Key { get; init; } = "";
    public LocalizedText Title { get; init; } = "";
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public LocalizedText? Guidance { get; init; }
}

// An offset from the programme start or from the stage's planned start.
public sealed record Deadline
{
    public DeadlineAnchor From { get; init; }
    public int Weeks { get; init; }
    public int Days { get; init; }
}

public sealed record Recurrence
{
    public DeadlineAnchor From { get; init; }
    public int StartWeek { get; init; }
    public int EveryWeeks { get; init; }
    public bool UntilStageEnd { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? UntilWeek { get; init; }
}

public sealed record GateDefinition
{
    public IReadOnlyList<string> RequiredTasks { get; init; } = [];
    public IReadOnlyList<string> ApprovedReports { get; init; } = [];
    public bool OwnerDecision { get; init; }
}

// A yearly period without deadlines, e.g. July ("07-01" to "07-31").
public sealed record PausePeriod
{
    public string Name { get; init; } = "";
    public string From { get; init; } = "";
    public string To { get; init; } = "";
}

public sealed record ReminderPolicy
{
    // Without maxRepeats (every v1 file) an overdue item is reminded again at most this often:
    // a policy that repeats every 3 days must end.
    public const int DefaultMaxRepeats = 3;

    public IReadOnlyList<int> DaysBefore { get; init; } = [];
    public IReadOnlyList<int> DaysAfter { get; init; } = [];
    public int RepeatEveryDays { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? MaxRepeats { get; init; }
    public int EscalateAfterDays { get; init; }
    public IReadOnlyList<string> EscalateTo { get; init; } = [];

    // In escalateTo: the definition's owners. Escalations go to them when escalateTo is absent.
    public const string OwnersAlias = "programeier";

    [JsonIgnore]
    public int RepeatLimit => MaxRepeats ?? DefaultMaxRepeats;

    // The organisations an escalation goes to, by name (the host maps names to addresses).
    public IReadOnlyList<string> EscalationRecipients(IReadOnlyList<string> owners) =>
        (EscalateTo.Count == 0 ? [OwnersAlias] : EscalateTo)
            .SelectMany(name => string.Equals(name, OwnersAlias, StringComparison.OrdinalIgnoreCase) ? owners : [name])
            .Distinct(StringComparer.Ordinal)
            .ToList();
}

public sealed record StatusCompilationPolicy
{
    public CompilationFrequency Frequency { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Weekday? DayOfWeek { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? DayOfMonth { get; init; }
    public string Time { get; init; } = "";
    public string TimeZone { get; init; } = Calendar.OsloTime.ZoneId;
    public IReadOnlyList<string> Recipients { get; init; } = [];
}
