namespace EventFramework;

/// <summary>
/// A business rule refused a command (e.g. "insufficient funds"). Throw it from a decide
/// function or an aggregate method; the command service turns it into a rejected result.
/// </summary>
public class DomainException(string message) : Exception(message);
