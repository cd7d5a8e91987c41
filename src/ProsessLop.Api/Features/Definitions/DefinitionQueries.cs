using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using ProsessLop.Api.Infrastructure.Errors;
using ProsessLop.Api.Infrastructure.Persistence;
using ProsessLop.Workflow.Definitions;

namespace ProsessLop.Api.Features.Definitions;

public sealed record ListDefinitions : IQuery<IReadOnlyList<DefinitionSummary>>;

public sealed record DefinitionSummary(
    string Key, string Name, string Description, IReadOnlyList<string> Owners,
    IReadOnlyList<ParticipantKind> ParticipantKinds, IReadOnlyList<DefinitionVersionSummary> Versions);

public sealed record DefinitionVersionSummary(int Version, string Name, string File, string ContentHash, DateTimeOffset? PublishedAt, int Stages);

public sealed class ListDefinitionsHandler(ProsessDb db, DefinitionRegistry registry) : IQueryHandler<ListDefinitions, IReadOnlyList<DefinitionSummary>>
{
    public async ValueTask<IReadOnlyList<DefinitionSummary>> Handle(ListDefinitions query, CancellationToken ct)
    {
        // Versions another replica published since this one started are listed too.
        await registry.RefreshAsync(db, ct);
        return [.. registry.All
            .GroupBy(d => d.Definition.Key)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                // Name and description of the newest version describe the definition.
                var newest = registry.Latest(g.Key)!;
                return new DefinitionSummary(newest.Key, newest.Name, newest.Description, newest.Owners, newest.ParticipantKinds,
                    g.OrderBy(d => d.Definition.Version)
                        .Select(d => new DefinitionVersionSummary(d.Definition.Version, d.Definition.Name, d.File, d.ContentHash,
                            registry.Publication(d.Definition.Key, d.Definition.Version)?.PublishedAt, d.Definition.Stages.Count))
                        .ToList());
            })];
    }
}

public sealed record GetDefinition(string Key, int Version) : IQuery<Result<ProgrammeDefinition>>;

public sealed class GetDefinitionHandler(ProsessDb db, DefinitionRegistry registry) : IQueryHandler<GetDefinition, Result<ProgrammeDefinition>>
{
    public async ValueTask<Result<ProgrammeDefinition>> Handle(GetDefinition query, CancellationToken ct) =>
        await registry.ReadAsync(query.Key, query.Version, db, d => d, ct);
}

public sealed record GetDefinitionDiagram(string Key, int Version) : IQuery<Result<string>>;

public sealed class GetDefinitionDiagramHandler(ProsessDb db, DefinitionRegistry registry) : IQueryHandler<GetDefinitionDiagram, Result<string>>
{
    public async ValueTask<Result<string>> Handle(GetDefinitionDiagram query, CancellationToken ct) =>
        await registry.ReadAsync(query.Key, query.Version, db, MermaidDiagram.Render, ct);
}

public static partial class DefinitionEndpoints
{
    public static async Task<Ok<IReadOnlyList<DefinitionSummary>>> ListDefinitions(IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new ListDefinitions(), ct));

    public static async Task<Results<Ok<ProgrammeDefinition>, ProblemHttpResult>> GetDefinition(string key, int version, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new GetDefinition(key, version), ct)).Match(d => TypedResults.Ok(d));

    /// Mermaid text (flowchart of stages and gates), rendered by GitHub and the dashboard.
    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> GetDefinitionDiagram(string key, int version, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new GetDefinitionDiagram(key, version), ct)).Match(text => TypedResults.Text(text, "text/vnd.mermaid; charset=utf-8"));
}
