namespace ProsessLop.Api.Infrastructure;

/// A start-up problem the operator can fix; shown as one clear message, no stack trace.
public sealed class StartupException(string message) : Exception(message);
