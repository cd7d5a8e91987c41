using FluentValidation;
using Mediator;
using ProsessLop.Api.Infrastructure.Errors;

namespace ProsessLop.Api.Infrastructure.Pipeline;

/// Runs every FluentValidation validator of the message before its handler; a failure never
/// reaches the handler or the database.
public sealed class ValidationBehavior<TMessage, TResponse>(IEnumerable<IValidator<TMessage>> validators)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var failures = new List<FluentValidation.Results.ValidationFailure>();
        foreach (var validator in validators)
        {
            var result = await validator.ValidateAsync(message, cancellationToken);
            failures.AddRange(result.Errors);
        }

        if (failures.Count > 0)
        {
            var fields = failures
                .GroupBy(f => JsonName(f.PropertyName))
                .ToDictionary(g => g.Key, g => g.Select(f => f.ErrorMessage).Distinct().ToArray());
            // A message answering Result gets its failure back like any other error; one that
            // answers plain data (some queries) can only refuse by exception.
            return FailureOf.Create is { } failure
                ? failure(Error.InvalidFields(fields))
                : throw new RequestValidationException(fields);
        }

        return await next(message, cancellationToken);
    }

    private static class FailureOf
    {
        public static readonly Func<Error, TResponse>? Create =
            typeof(TResponse).IsGenericType && typeof(TResponse).GetGenericTypeDefinition() == typeof(Result<>)
                ? typeof(TResponse).GetMethod(nameof(Result<object>.Failure))!.CreateDelegate<Func<Error, TResponse>>()
                : null;
    }

    // Field names as the client wrote them (camelCase JSON), e.g. "MunicipalityNumbers[0]" → "municipalityNumbers[0]".
    private static string JsonName(string property) =>
        string.Join('.', property.Split('.').Select(p => p.Length == 0 ? p : char.ToLowerInvariant(p[0]) + p[1..]));
}
