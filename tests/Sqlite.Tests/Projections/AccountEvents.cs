namespace EventFramework.Sqlite.Tests.Projections;

/// <summary>Money paid into an account (stored as "Deposited").</summary>
internal sealed record Deposited(string Account, long Amount);

/// <summary>Money taken out of an account (stored as "Withdrawn").</summary>
internal sealed record Withdrawn(string Account, long Amount);

/// <summary>A remark on an account that the balances projection does not handle (stored as "Noted").</summary>
internal sealed record Noted(string Account, string Text);
