using System.Text;
using System.Text.Json.Nodes;
using ProsessLop.Workflow.Definitions;

namespace ProsessLop.Workflow.Tests;

public class ValidationTests
{
    // A small valid definition each test breaks in one or more ways.
    private const string Valid = """
    {
      "key": "mini",
      "version": 1,
      "name": "Mini",
      "description": "Et lite program for tester.",
      "owners": ["KS"],
      "participantKinds": ["municipality"],
      "stages": [
        {
          "key": "start", "name": "Start", "startWeek": 0, "endWeek": 4,
          "tasks": [ { "key": "a", "name": "A", "required": true, "responsibleRole": "coordinator", "deadline": { "from": "programmeStart", "weeks": 2 } } ],
          "reports": [ { "key": "r", "name": "R", "sections": [ { "key": "s", "title": "S" } ], "deadline": { "from": "stageStart", "weeks": 3 }, "requiresApproval": true, "publicByDefault": true } ],
          "gate": { "requiredTasks": ["a"], "approvedReports": ["r"], "ownerDecision": false }
        },
        {
          "key": "slutt", "name": "Slutt", "startWeek": 4, "endWeek": 12,
          "tasks": [ { "key": "b", "name": "B", "required": true, "responsibleRole": "participant", "deadline": { "from": "stageStart", "days": 3 } } ],
          "reports": [ { "key": "status", "name": "Status", "sections": [ { "key": "s", "title": "S" } ], "recurrence": { "from": "programmeStart", "startWeek": 6, "everyWeeks": 2, "untilStageEnd": true }, "requiresApproval": false, "publicByDefault": true } ],
          "gate": { "requiredTasks": ["b"] }
        }
      ]
    }
    """;

    private static IReadOnlyList<DefinitionProblem> Problems(Action<JsonObject> breakIt)
    {
        var node = JsonNode.Parse(Valid)!.AsObject();
        breakIt(node);
        var result = DefinitionValidator.Validate(node.ToJsonString(), "mini/v1.json");
        Assert.False(result.IsValid);
        Assert.Null(result.Definition);
        Assert.All(result.Problems, p => Assert.Equal("mini/v1.json", p.File));
        return result.Problems;
    }

    private static JsonObject Stage(JsonObject root, int index) => root["stages"]![index]!.AsObject();

    [Fact]
    public void The_test_definition_itself_is_valid()
    {
        Assert.True(DefinitionValidator.Validate(Valid, "mini/v1.json").IsValid);
    }

    [Fact]
    public void Invalid_json_gives_one_problem_at_the_root_with_line_and_position()
    {
        var result = DefinitionValidator.Validate("{\n  \"key\": \"x\",\n  \"version\": \n}", "broken.json");

        var problem = Assert.Single(result.Problems);
        Assert.Equal("", problem.Pointer);
        Assert.Contains("line 4", problem.Message, StringComparison.Ordinal);
    }

    // The studio shows owners the Norwegian text of every problem, next to the field it points at.
    [Fact]
    public void Every_problem_has_a_Norwegian_text_as_well_as_the_English_one()
    {
        // The schema's problems stop the meaning checks, so each kind is broken on its own.
        var problems = Problems(root =>
        {
            Stage(root, 0)["tasks"]![0]!.AsObject().Remove("name");
            Stage(root, 1)["tasks"]![0]!["deadline"]!["weeks"] = "to";
            root["participantKinds"] = new JsonArray("kommune");
            root["pauses"] = new JsonArray(new JsonObject { ["name"] = "Sommer", ["from"] = "0732", ["to"] = "08-01" });
        }).Concat(Problems(root =>
        {
            Stage(root, 0)["endWeek"] = 0;
            Stage(root, 1)["key"] = "start";
            Stage(root, 1)["reports"]![0]!["publicByDefault"] = false;
            Stage(root, 1)["gate"]!["requiredTasks"] = new JsonArray("finnes-ikke");
        })).ToList();

        Assert.True(problems.Count >= 8, string.Join("\n", problems.Select(p => p.Message)));
        Assert.All(problems, p => Assert.False(string.IsNullOrWhiteSpace(p.Norwegian)));
        Assert.All(problems, p => Assert.NotEqual(p.Message, p.Norwegian));
        var norwegian = problems.Select(p => (p.Pointer, p.Norwegian)).ToList();
        Assert.Contains(("/stages/0/tasks/0", "Mangler «navn»."), norwegian);
        Assert.Contains(("/stages/0/endWeek", "Fasen «Start» slutter i uke 0, som ikke er etter at den starter (uke 0)."), norwegian);
        Assert.Contains(("/stages/1/tasks/0/deadline/weeks", "«uker» må være et helt tall, ikke \"to\"."), norwegian);
        Assert.Contains(norwegian, p => p.Pointer == "/stages/1/reports/0" && p.Norwegian.Contains("offentleglova § 14", StringComparison.Ordinal));
        Assert.Contains(norwegian, p => p.Pointer == "/stages/1/gate/requiredTasks/0" && p.Norwegian == "Beslutningspunktet i fasen «Slutt» viser til oppgaven «finnes-ikke», men det finnes ingen oppgave med den nøkkelen.");
    }

    [Fact]
    public void Missing_required_property_points_at_the_object_that_lacks_it()
    {
        var problem = Assert.Single(Problems(root => Stage(root, 0)["tasks"]![0]!.AsObject().Remove("name")));

        Assert.Equal("/stages/0/tasks/0", problem.Pointer);
        Assert.Equal("Required property 'name' is missing.", problem.Message);
    }

    [Fact]
    public void Wrong_type_and_unknown_property_are_reported_where_they_are()
    {
        var problems = Problems(root =>
        {
            root["version"] = "one";
            Stage(root, 1)["colour"] = "red";
        });

        Assert.Contains(problems, p => p.Pointer == "/version" && p.Message.Contains("wrong type", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Pointer == "/stages/1/colour" && p.Message.Contains("Unknown property 'colour'", StringComparison.Ordinal));
    }

    [Fact]
    public void Unknown_participant_kind_lists_the_allowed_kinds()
    {
        var problem = Assert.Single(Problems(root => root["participantKinds"] = new JsonArray("kommune")));

        Assert.Equal("/participantKinds/0", problem.Pointer);
        Assert.Contains("municipality, region", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_keys_are_reported_on_the_second_use()
    {
        var problems = Problems(root =>
        {
            Stage(root, 1)["key"] = "start";
            Stage(root, 1)["tasks"]![0]!["key"] = "a";
        });

        Assert.Contains(problems, p => p.Pointer == "/stages/1/key" && p.Message.Contains("Stage key 'start'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Pointer == "/stages/1/tasks/0/key" && p.Message.Contains("Task key 'a'", StringComparison.Ordinal));
    }

    [Fact]
    public void Gate_references_to_unknown_work_or_work_of_another_stage_are_reported()
    {
        var problems = Problems(root =>
        {
            Stage(root, 0)["gate"]!["requiredTasks"] = new JsonArray("a", "missing", "b");
            Stage(root, 1)["gate"]!["approvedReports"] = new JsonArray("r");
        });

        Assert.Contains(problems, p => p.Pointer == "/stages/0/gate/requiredTasks/1" && p.Message.Contains("no task has that key", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Pointer == "/stages/0/gate/requiredTasks/2" && p.Message.Contains("belongs to stage 'slutt'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Pointer == "/stages/1/gate/approvedReports/0" && p.Message.Contains("belongs to stage 'start'", StringComparison.Ordinal));
        Assert.Equal(3, problems.Count);
    }

    [Fact]
    public void Recurrence_that_never_ends_is_reported()
    {
        var problem = Assert.Single(Problems(root => Stage(root, 1)["reports"]![0]!["recurrence"]!.AsObject().Remove("untilStageEnd")));

        Assert.Equal("/stages/1/reports/0/recurrence", problem.Pointer);
        Assert.Contains("never ends", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Recurrence_that_never_fires_is_reported()
    {
        var problem = Assert.Single(Problems(root => Stage(root, 1)["reports"]![0]!["recurrence"]!["startWeek"] = 20));

        Assert.Equal("/stages/1/reports/0/recurrence/startWeek", problem.Pointer);
        Assert.Contains("never fires", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deadline_before_the_stage_can_start_is_reported()
    {
        var problem = Assert.Single(Problems(root => Stage(root, 1)["tasks"]![0]!["deadline"] = new JsonObject { ["from"] = "programmeStart", ["weeks"] = 1 }));

        Assert.Equal("/stages/1/tasks/0/deadline", problem.Pointer);
        Assert.Contains("before its stage 'slutt' can start", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Gate_waiting_for_approval_of_a_report_without_approval_can_never_be_satisfied()
    {
        var problem = Assert.Single(Problems(root => Stage(root, 1)["gate"]!["approvedReports"] = new JsonArray("status")));

        Assert.Equal("/stages/1/gate/approvedReports/0", problem.Pointer);
        Assert.Contains("can never be satisfied", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_stage_is_reported()
    {
        var problems = Problems(root =>
        {
            Stage(root, 1)["tasks"] = new JsonArray();
            Stage(root, 1)["reports"] = new JsonArray();
            Stage(root, 1)["gate"] = new JsonObject();
        });

        var problem = Assert.Single(problems);
        Assert.Equal("/stages/1", problem.Pointer);
        Assert.Contains("empty", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_that_is_not_public_needs_a_legal_basis()
    {
        var problem = Assert.Single(Problems(root => Stage(root, 0)["reports"]![0]!["publicByDefault"] = false));

        Assert.Equal("/stages/0/reports/0", problem.Pointer);
        Assert.Contains("offentleglova", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_needs_exactly_one_of_deadline_and_recurrence()
    {
        var problem = Assert.Single(Problems(root => Stage(root, 0)["reports"]![0]!.AsObject().Remove("deadline")));

        Assert.Equal("/stages/0/reports/0", problem.Pointer);
        Assert.Contains("neither a deadline nor a recurrence", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_policies_are_reported()
    {
        var problems = Problems(root =>
        {
            root["pauses"] = new JsonArray(new JsonObject { ["name"] = "Feil", ["from"] = "02-30", ["to"] = "03-01" });
            root["statusCompilation"] = new JsonObject { ["frequency"] = "weekly", ["time"] = "25:00", ["timeZone"] = "Mars/Olympus", ["recipients"] = new JsonArray("KS") };
            root["reminders"] = new JsonObject { ["daysBefore"] = new JsonArray(0), ["daysAfter"] = new JsonArray(), ["repeatEveryDays"] = 7, ["escalateAfterDays"] = 7 };
        });

        Assert.Contains(problems, p => p.Pointer == "/pauses/0/from");
        Assert.Contains(problems, p => p.Pointer == "/statusCompilation/time");
        Assert.Contains(problems, p => p.Pointer == "/statusCompilation/timeZone");
        Assert.Contains(problems, p => p.Pointer == "/statusCompilation" && p.Message.Contains("dayOfWeek", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Pointer == "/reminders/daysBefore/0");
    }

    [Fact]
    public void All_problems_are_reported_at_once()
    {
        var problems = Problems(root =>
        {
            root.Remove("owners");
            root["key"] = "Mini Programme";
            Stage(root, 0)["gate"]!["requiredTasks"] = new JsonArray("nope");
            Stage(root, 1)["reports"]![0]!["recurrence"]!.AsObject().Remove("untilStageEnd");
        });

        Assert.Contains(problems, p => p.Pointer == "" && p.Message.Contains("'owners'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Pointer == "/key" && p.Message.Contains("does not match", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Pointer == "/stages/0/gate/requiredTasks/0");
        Assert.Contains(problems, p => p.Pointer == "/stages/1/reports/0/recurrence");
        Assert.Equal(4, problems.Count);
    }

    [Fact]
    public void Catalog_reports_the_same_key_and_version_in_two_files()
    {
        var dir = Directory.CreateTempSubdirectory("workflows-");
        try
        {
            Directory.CreateDirectory(Path.Combine(dir.FullName, "mini"));
            File.WriteAllText(Path.Combine(dir.FullName, "mini", "v1.json"), Valid);
            File.WriteAllText(Path.Combine(dir.FullName, "mini", "copy.json"), Valid);
            File.WriteAllText(Path.Combine(dir.FullName, "x.schema.json"), "not even json");

            var catalog = DefinitionCatalog.LoadDirectory(dir.FullName);

            Assert.Single(catalog.Definitions);
            var problem = Assert.Single(catalog.Problems);
            Assert.Equal("mini/v1.json", problem.File);
            Assert.Contains("mini/copy.json", problem.Message, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    // The test definition with more tasks like "a" (due in week 2), each due in the given week.
    private static JsonObject WithTasksLike_a(params (string Key, int Weeks)[] added)
    {
        var node = JsonNode.Parse(Valid)!.AsObject();
        var tasks = Stage(node, 0)["tasks"]!.AsArray();
        foreach (var (key, weeks) in added)
        {
            var task = tasks[0]!.DeepClone().AsObject();
            task["key"] = key;
            task["deadline"] = JsonNode.Parse($$"""{ "from": "programmeStart", "weeks": {{weeks}} }""");
            tasks.Add(task);
        }
        return node;
    }

    [Fact]
    public void The_test_definition_has_no_schedule_warnings()
    {
        var result = DefinitionValidator.Validate(Valid, "mini/v1.json");

        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void Four_deadlines_on_one_day_are_a_pile_up_warning_not_a_problem()
    {
        var node = WithTasksLike_a(("c", 2), ("d", 2), ("e", 2));

        var result = DefinitionValidator.Validate(node.ToJsonString(), "mini/v1.json");
        Assert.StartsWith("Opphopning: 4 eller flere frister", result.Warnings[0].Norwegian, StringComparison.Ordinal);
        Assert.Contains("a, c, d, e", result.Warnings[0].Norwegian, StringComparison.Ordinal);

        Assert.True(result.IsValid);
        Assert.Empty(result.Problems);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal("mini/v1.json", warning.File);
        Assert.Equal("/stages/0/tasks/0/deadline", warning.Pointer);
        Assert.Contains("Pile-up", warning.Message, StringComparison.Ordinal);
        Assert.Contains("4 deadlines are due", warning.Message, StringComparison.Ordinal);
        Assert.Contains("a, c, d, e", warning.Message, StringComparison.Ordinal);
        Assert.Contains($"for {ScheduleWarnings.SampleStarts.Count} of {ScheduleWarnings.SampleStarts.Count} sample start dates", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Three_deadlines_on_one_day_are_no_pile_up()
    {
        var node = WithTasksLike_a(("c", 2), ("d", 2));

        Assert.Empty(DefinitionValidator.Validate(node.ToJsonString(), "mini/v1.json").Warnings);
    }

    [Fact]
    public void A_pause_that_piles_up_deadlines_for_some_start_dates_is_a_warning_with_an_example()
    {
        // Three deadlines a week apart are fine, until a July pause pushes them all to August.
        var node = WithTasksLike_a(("c", 3), ("d", 4));
        node["pauses"] = JsonNode.Parse("""[{ "name": "Fellesferie", "from": "07-01", "to": "07-31" }]""");
        Stage(node, 0)["reports"]![0]!["deadline"] = JsonNode.Parse("""{ "from": "programmeStart", "weeks": 1 }""");

        var result = DefinitionValidator.Validate(node.ToJsonString(), "mini/v1.json");

        Assert.True(result.IsValid);
        // One warning however many start dates and days it hits, with the worst case as the example.
        var warning = Assert.Single(result.Warnings, w => w.Message.StartsWith("Pile-up", StringComparison.Ordinal));
        Assert.Equal("/stages/0/tasks/0/deadline", warning.Pointer);
        Assert.Contains("starting Wednesday 2026-06-17, 5 deadlines are due Monday 2026-08-03: a, c, d, b, status", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain($"for {ScheduleWarnings.SampleStarts.Count} of", warning.Message, StringComparison.Ordinal);
        // The July pause also pushes two of the fortnightly status reports onto one day for some starts.
        Assert.Contains(result.Warnings, w => w.Pointer == "/stages/1/reports/0/recurrence" && w.Message.Contains("merged into one", StringComparison.Ordinal));
    }

    [Fact]
    public void Shipped_definitions_warn_about_what_the_calendar_does_to_them()
    {
        var kulturskole = DefinitionValidator.Validate(File.ReadAllText(Path.Combine(Repo.WorkflowsDirectory, "fremtidens-kulturskole/v1.json")), "fremtidens-kulturskole/v1.json");
        var network = DefinitionValidator.Validate(File.ReadAllText(Path.Combine(Repo.WorkflowsDirectory, "ks-utviklingsnettverk/v1.json")), "ks-utviklingsnettverk/v1.json");

        // Started in early August, the preparation squeezed in before the July pause is a real pile-up.
        Assert.Contains(kulturskole.Warnings, w => w.Message.StartsWith("Pile-up", StringComparison.Ordinal));
        Assert.Contains(kulturskole.Warnings, w => w.Pointer == "/stages/3/reports/0/recurrence" && w.Message.Contains("merged", StringComparison.Ordinal));
        Assert.Single(kulturskole.Warnings, w => w.Message.Contains("moves back", StringComparison.Ordinal) && w.Message.Contains("forankre-administrativt", StringComparison.Ordinal));
        Assert.Contains(network.Warnings, w => w.Message.Contains("'statusnotat'", StringComparison.Ordinal));
    }

    [Fact]
    public void Content_hash_ignores_line_ending_style_but_not_content()
    {
        var lf = Encoding.UTF8.GetBytes("{\n  \"a\": 1\n}\n");
        var crlf = Encoding.UTF8.GetBytes("{\r\n  \"a\": 1\r\n}\r\n");
        var changed = Encoding.UTF8.GetBytes("{\n  \"a\": 2\n}\n");

        Assert.Equal(DefinitionCatalog.ContentHash(lf), DefinitionCatalog.ContentHash(crlf));
        Assert.NotEqual(DefinitionCatalog.ContentHash(lf), DefinitionCatalog.ContentHash(changed));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(lf)), DefinitionCatalog.ContentHash(crlf));
    }

    [Fact]
    public void Mermaid_diagram_draws_stages_and_gates_as_decisions()
    {
        var diagram = MermaidDiagram.Render(Repo.Kulturskole);

        Assert.StartsWith("flowchart TD\n", diagram, StringComparison.Ordinal);
        Assert.Contains("s0[\"0 Forankring\"]", diagram, StringComparison.Ordinal);
        Assert.Contains("g5{\"Beslutningspunkt:", diagram, StringComparison.Ordinal);
        Assert.Contains("g5 -- ja --> done", diagram, StringComparison.Ordinal);
        Assert.DoesNotContain("\"\"", diagram, StringComparison.Ordinal);
    }
}
