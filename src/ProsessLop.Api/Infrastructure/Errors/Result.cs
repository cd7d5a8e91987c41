using System.Diagnostics.CodeAnalysis;

namespace ProsessLop.Api.Infrastructure.Errors;

/// What can go wrong in a handler, as data. One mapping (<see cref="ResultHttp"/>) turns it into
/// an HTTP answer, so handlers never know about status codes.
public enum ErrorKind
{
    NotFound,
    Forbidden,
    Conflict,
    Invalid,

    /// The change was made against an older state than the one stored (a lost update refused):
    /// 412 where the client sent If-Match, a message to reload on the pages.
    Stale,
}

public sealed record Error(ErrorKind Kind, string Detail, IReadOnlyDictionary<string, string[]>? Fields = null)
{
    public static Error NotFound(string detail) => new(ErrorKind.NotFound, detail);
    public static Error Forbidden(string detail) => new(ErrorKind.Forbidden, detail);
    public static Error ForbiddenField(string field, string message) =>
        new(ErrorKind.Forbidden, message, new Dictionary<string, string[]> { [field] = [message] });
    public static Error Conflict(string detail) => new(ErrorKind.Conflict, detail);
    public static Error Stale(string detail) => new(ErrorKind.Stale, detail);
    public static Error Invalid(string field, string message) =>
        new(ErrorKind.Invalid, message, new Dictionary<string, string[]> { [field] = [message] });

    /// Several fields refused at once (the validators' verdict), each with its messages.
    public static Error InvalidFields(IReadOnlyDictionary<string, string[]> fields) =>
        new(ErrorKind.Invalid, Texts.Form_InvalidFields, fields);

    /// A programme definition the validator refused: every problem with its JSON Pointer (422,
    /// as POST /api/definitions/validate answers).
    public static Error InvalidDefinition(IReadOnlyList<Workflow.Definitions.DefinitionProblem> problems) =>
        new(ErrorKind.Invalid, string.Format(System.Globalization.CultureInfo.CurrentCulture, ProblemTexts.Problem_DefinitionErrors, problems.Count)) { Problems = problems };

    public IReadOnlyList<Workflow.Definitions.DefinitionProblem>? Problems { get; init; }
}

/// Lets the transaction behaviour roll back a failed command, and the telemetry behaviour name
/// its error kind, without knowing its result type.
public interface IOutcome
{
    bool Succeeded { get; }

    Error? Error { get; }
}

public readonly record struct Result<T> : IOutcome
{
    private Result(T? value, Error? error)
    {
        Value = value;
        Error = error;
    }

    public T? Value { get; }

    public Error? Error { get; }

    // Lets the compiler know which of Value and Error is there, so callers need no '!'.
    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => Error is null;

    // A success always carries a value: that is what Succeeded promises the compiler.
    public static Result<T> Success(T value) => value is null ? throw new ArgumentNullException(nameof(value)) : new(value, null);

    public static Result<T> Failure(Error error) => new(default, error);

    public static implicit operator Result<T>(T value) => Success(value);

    public static implicit operator Result<T>(Error error) => Failure(error);
}
