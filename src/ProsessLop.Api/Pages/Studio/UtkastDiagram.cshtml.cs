using System.Text;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using ProsessLop.Api.Features.Definitions;
using ProsessLop.Workflow.Definitions;

namespace ProsessLop.Api.Pages.Studio;

/// The draft drawn as a diagram (SVG from the server), the same as a list, and the Mermaid text
/// and the SVG to download. Owners only.
public sealed class UtkastDiagramModel(IMediator mediator) : DraftPreviewPage(mediator)
{
    public const string DiagramId = "utkast-diagram";

    protected override string Tab => "diagram";

    public string Svg { get; private set; } = "";

    public string Mermaid { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (await LoadDraftAsync(id, ct) is { } stop)
        {
            return stop;
        }

        Svg = DefinitionDiagram.Render(Draft.Definition, DiagramId);
        Mermaid = MermaidDiagram.Render(Draft.Definition);
        return Page();
    }

    /// The Mermaid text as a file, for documents and other tools.
    public async Task<IActionResult> OnGetMermaidAsync(Guid id, CancellationToken ct) =>
        await LoadDraftAsync(id, ct) ?? File(Encoding.UTF8.GetBytes(MermaidDiagram.Render(Draft.Definition)), "text/vnd.mermaid; charset=utf-8", $"{FileName}.mmd");

    /// The drawing as an SVG file.
    public async Task<IActionResult> OnGetSvgAsync(Guid id, CancellationToken ct) =>
        await LoadDraftAsync(id, ct) ?? File(Encoding.UTF8.GetBytes(DefinitionDiagram.Render(Draft.Definition, DiagramId)), "image/svg+xml", $"{FileName}.svg");

    private string FileName => $"{(Draft.Definition.Key is { Length: > 0 } key ? Id(key) : "utkast")}-utkast-{Draft.Revision}";
}
