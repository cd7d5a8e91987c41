using System.Text.RegularExpressions;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ProsessLop.Api.Infrastructure.Errors;

namespace ProsessLop.Api.Pages;

/// A page that sends commands through the mediator, so authorization, validation and the
/// journal are exactly the API's. Failures become what a person sees: 404, 403, or messages
/// next to the fields of the form that was posted.
public abstract partial class FormPage(IMediator mediator) : PageModel
{
    protected IMediator Mediator => mediator;

    /// A message after a successful change, shown once after the redirect.
    [TempData]
    public string? Message { get; set; }

    /// Sends a command. On failure the errors are in ModelState under <paramref name="form"/> +
    /// the field's camelCase name (or under <paramref name="form"/> alone when they name no field),
    /// and the result to return instead of the page is given for 404 and 403.
    protected async Task<Sent<T>> SendAsync<T>(ICommand<Result<T>> command, string form, CancellationToken ct)
    {
        var result = await mediator.Send(command, ct);
        if (result.Succeeded)
        {
            return new(result.Value, null, true);
        }

        var error = result.Error;
        switch (error.Kind)
        {
            case ErrorKind.NotFound:
                return new(default, NotFound(), false);
            case ErrorKind.Forbidden:
                return new(default, Forbid(), false);
            default:
                AddErrors(form, error.Fields ?? new Dictionary<string, string[]> { [""] = [error.Detail] });
                return new(default, null, false);
        }
    }

    /// After a command: stop (404/403), or redirect with a message (post/redirect/get), or show
    /// the page again with the messages next to the fields.
    protected async Task<IActionResult> AfterAsync<T>(Sent<T> sent, string done, CancellationToken ct)
    {
        if (sent.Stop is { } stop)
        {
            return stop;
        }

        if (sent.Succeeded)
        {
            Message = done;
            return RedirectToPage();
        }

        await LoadAsync(ct);
        return Page();
    }

    /// Loads what the page shows, when it is shown again after a failed command.
    protected virtual Task LoadAsync(CancellationToken ct) => Task.CompletedTask;

    private void AddErrors(string form, IReadOnlyDictionary<string, string[]> fields)
    {
        foreach (var (field, messages) in fields)
        {
            foreach (var message in messages)
            {
                ModelState.AddModelError(Key(form, field), message);
            }
        }
    }

    public static string Key(string form, string field) => field.Length == 0 ? form : $"{form}.{field}";

    public IReadOnlyList<string> ErrorsFor(string key) =>
        ModelState.TryGetValue(key, out var entry) ? entry.Errors.Select(e => e.ErrorMessage).ToList() : [];

    /// The ids that describe a control: its hint (if any) and its error messages (when there are some).
    public string? DescribedBy(string key, string? hintId = null, bool under = false)
    {
        var ids = new[] { hintId, (under ? ErrorsUnder(key) : ErrorsFor(key)).Count > 0 ? ErrorId(key) : null }.Where(i => i is not null);
        var joined = string.Join(' ', ids);
        return joined.Length == 0 ? null : joined;
    }

    /// Every message under a form: its own and its fields'.
    public IReadOnlyList<string> ErrorsUnder(string form) =>
        ModelState.Where(e => e.Key == form || e.Key.StartsWith(form + ".", StringComparison.Ordinal))
            .SelectMany(e => e.Value!.Errors.Select(x => x.ErrorMessage)).ToList();

    public string? Invalid(string key, bool under = false) => (under ? ErrorsUnder(key) : ErrorsFor(key)).Count > 0 ? "true" : null;

    /// The messages for one key, or (under) for a form and all its fields.
    public FieldErrors Errors(string key, bool under = false) => new(ErrorId(key), under ? ErrorsUnder(key) : ErrorsFor(key));

    public static string ErrorId(string key) => Id(key, "feil");

    /// The posted value of a field when the page is shown again after an error, else the stored one.
    public string? Posted(string name, string? stored) =>
        Request.HasFormContentType && Request.Form.TryGetValue(name, out var value) ? value.ToString() : stored;

    /// An HTML id from any text (report keys carry '#').
    public static string Id(params object[] parts) => IdChars().Replace(string.Join("-", parts), "-");

    [GeneratedRegex("[^A-Za-z0-9_-]")]
    private static partial Regex IdChars();
}

/// What a page's command came back with; like <see cref="Result{T}"/>, Value is there when it succeeded.
public readonly record struct Sent<T>(T? Value, IActionResult? Stop, [property: System.Diagnostics.CodeAnalysis.MemberNotNullWhen(true, "Value")] bool Succeeded);

/// What the _Field partial needs to render the messages next to one control.
public sealed record FieldErrors(string Id, IReadOnlyList<string> Messages);
